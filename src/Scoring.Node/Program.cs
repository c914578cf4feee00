using Scoring.Node;

NodeApp.Build(args).Run();
