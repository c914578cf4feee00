// Each cluster test starts its own PostgreSQL, RabbitMQ and two to four node processes, and several measure failover
// and latency: run side by side on a 2-core machine they starve each other past their lease times. One at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
