using Orleans.Storage;

namespace Scoring.Grains.Tests;

/// <summary>A grain storage that lets a test hold a grain's state writes (<paramref name="beforeWrite"/> completes when the write may go on).</summary>
public sealed class GatedGrainStorage(IGrainStorage inner, Func<GrainId, Task> beforeWrite) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await beforeWrite(grainId);
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
