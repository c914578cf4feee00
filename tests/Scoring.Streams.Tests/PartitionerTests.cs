using Scoring.Streams.Log;

namespace Scoring.Streams.Tests;

public sealed class PartitionerTests
{
    [Fact]
    public void The_hash_is_stable_across_processes_and_releases()
    {
        // Pinned values: if these change, every existing log would route keys to the wrong partition.
        Assert.Equal(FnvReference("lead/u-1"), Partitioner.Hash(new StreamAddress("lead", "u-1")));
        Assert.Equal(FnvReference("visitor/anon-ü-42"), Partitioner.Hash(new StreamAddress("visitor", "anon-ü-42")));
        Assert.Equal(5, new Partitioner(8).PartitionOf(new StreamAddress("lead", "u-1")));
    }

    [Fact]
    public void Keys_spread_evenly_over_partitions()
    {
        var partitioner = new Partitioner(8);
        var counts = new int[8];
        for (var i = 0; i < 80_000; i++) counts[partitioner.PartitionOf(new StreamAddress("lead", "user-" + i))]++;

        Assert.All(counts, c => Assert.InRange(c, 9_000, 11_000));
    }

    [Fact]
    public void Namespace_and_key_both_matter()
    {
        Assert.NotEqual(Partitioner.Hash(new StreamAddress("lead", "x")), Partitioner.Hash(new StreamAddress("visitor", "x")));
        Assert.NotEqual(Partitioner.Hash(new StreamAddress("lead", "ab")), Partitioner.Hash(new StreamAddress("leada", "b")));
    }

    [Fact]
    public void The_queue_mapper_sends_a_stream_to_the_queue_of_its_partition()
    {
        var mapper = new Provider.LogQueueMapper(8, "log");
        var partitioner = new Partitioner(8);
        for (var i = 0; i < 1000; i++)
        {
            var address = new StreamAddress("lead", "user-" + i);
            var queue = mapper.GetQueueForStream(Provider.LogBatchContainer.StreamIdOf(address));
            Assert.Equal(partitioner.PartitionOf(address), Provider.LogQueueMapper.PartitionOf(queue));
        }
        Assert.Equal(8, mapper.GetAllQueues().Distinct().Count());
    }

    /// <summary>FNV-1a 64 written out independently, over the UTF-8 of "namespace/key".</summary>
    private static ulong FnvReference(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
