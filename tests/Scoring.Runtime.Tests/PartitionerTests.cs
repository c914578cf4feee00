using Scoring.Runtime.Addressing;

namespace Scoring.Runtime.Tests;

public sealed class PartitionerTests
{
    [Fact]
    public void The_hash_is_stable_across_processes_and_releases()
    {
        // Pinned values: if these change, every existing data set would route keys to the wrong partition.
        Assert.Equal(FnvReference("lead/u-1"), Partitioner.Hash(new GrainId("lead", "u-1")));
        Assert.Equal(FnvReference("visitor/anon-ü-42"), Partitioner.Hash(new GrainId("visitor", "anon-ü-42")));
        Assert.Equal(5, new Partitioner(8).PartitionOf(new GrainId("lead", "u-1")));
    }

    [Fact]
    public void Keys_spread_evenly_over_partitions()
    {
        var partitioner = new Partitioner(8);
        var counts = new int[8];
        for (var i = 0; i < 80_000; i++) counts[partitioner.PartitionOf(new GrainId("lead", "user-" + i))]++;

        Assert.All(counts, c => Assert.InRange(c, 9_000, 11_000));
    }

    [Fact]
    public void Type_and_key_both_matter()
    {
        Assert.NotEqual(Partitioner.Hash(new GrainId("lead", "x")), Partitioner.Hash(new GrainId("visitor", "x")));
        Assert.NotEqual(Partitioner.Hash(new GrainId("lead", "ab")), Partitioner.Hash(new GrainId("leada", "b")));
    }

    /// <summary>FNV-1a 64 written out independently, over the UTF-8 of "type/key".</summary>
    private static ulong FnvReference(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
