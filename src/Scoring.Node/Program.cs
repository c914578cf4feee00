using Scoring.Node;
using Scoring.Node.Models;

if (args is [WhatIfWorker.Verb, ..]) return await WhatIfWorker.RunAsync(args[1..]);
NodeApp.Build(args).Run();
return 0;
