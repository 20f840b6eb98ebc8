using Berth.Engine.Containers;
using Berth.Sys.Errors;

namespace Berth.Engine.Tests;

public sealed class NameRegistryTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("berth-names-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void OnlyOneOfManyConcurrentReservationsWins()
    {
        var registry = new NameRegistry(_dir);
        var winners = 0;
        Parallel.For(0, 64, i =>
        {
            try
            {
                registry.Reserve("web", $"id{i}");
                Interlocked.Increment(ref winners);
            }
            catch (BerthException e) when (e.Kind == ErrorKind.Conflict) { }
        });
        Assert.Equal(1, winners);
    }

    [Fact]
    public void ConflictNamesTheOwner()
    {
        var registry = new NameRegistry(_dir);
        registry.Reserve("db", "owner1");
        var error = Assert.Throws<BerthException>(() => registry.Reserve("db", "owner2"));
        Assert.Contains("\"/db\" is already in use by container \"owner1\"", error.Message);
    }

    [Fact]
    public void ReleaseOnlyByOwner()
    {
        var registry = new NameRegistry(_dir);
        registry.Reserve("x", "a");
        registry.Release("x", "b");
        Assert.Equal("a", registry.Owner("x"));
        registry.Release("x", "a");
        Assert.Null(registry.Owner("x"));
    }

    [Theory]
    [InlineData("web", true)]
    [InlineData("my_app.v2-1", true)]
    [InlineData("-bad", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    public void Validity(string name, bool valid) => Assert.Equal(valid, NameRegistry.IsValid(name));
}

public sealed class StaleNameTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("berth-stale-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void NameLeftByACrashedCreateIsReclaimed()
    {
        var live = new HashSet<string> { "alive" };
        var registry = new NameRegistry(_dir, live.Contains);
        registry.Reserve("web", "crashed-before-its-record");
        registry.Reserve("web", "new-owner");
        Assert.Equal("new-owner", registry.Owner("web"));
    }

    [Fact]
    public void NameOfALiveContainerStaysTaken()
    {
        var registry = new NameRegistry(_dir, id => id == "alive");
        registry.Reserve("db", "alive");
        Assert.Throws<Berth.Sys.Errors.BerthException>(() => registry.Reserve("db", "other"));
        Assert.Equal("alive", registry.Owner("db"));
    }
}
