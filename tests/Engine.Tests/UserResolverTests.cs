using Berth.Engine.Specs;
using Berth.Sys.Errors;
using Berth.Sys.Interop;

namespace Berth.Engine.Tests;

/// <summary>User lookup through overlay layer directories, as the container will see /etc (runs as root: makes whiteouts).</summary>
public sealed class UserResolverTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("berth-users-").FullName;
    string Layer(string name) => Directory.CreateDirectory(Path.Combine(_root, name, "etc")).Parent!.FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    LayeredFiles Files()
    {
        var lower = Layer("lower");
        File.WriteAllText(Path.Combine(lower, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        File.WriteAllText(Path.Combine(lower, "etc/group"), "root:x:0:\napp:x:1000:\nextra:x:2000:app,other\n");
        return new LayeredFiles([Layer("upper"), lower]);
    }

    [Fact]
    public void NameResolvesWithSupplementaryGroups()
    {
        var user = UserResolver.Resolve("app", Files());
        Assert.Equal(1000u, user.Uid);
        Assert.Equal(1000u, user.Gid);
        Assert.Equal([2000u], user.AdditionalGids);
        Assert.Equal("/home/app", user.Home);
    }

    [Fact]
    public void NumericIdsNeedNoEntry()
    {
        var user = UserResolver.Resolve("4242:77", Files());
        Assert.Equal((4242u, 77u), (user.Uid, user.Gid));
    }

    [Fact]
    public void GroupByName() => Assert.Equal(2000u, UserResolver.Resolve("app:extra", Files()).Gid);

    [Fact]
    public void UnknownNameIsAnError() =>
        Assert.Contains("no matching entries in passwd file", Assert.Throws<BerthException>(() => UserResolver.Resolve("ghost", Files())).Message);

    [Fact]
    public void UpperLayerWins()
    {
        var files = Files();
        File.WriteAllText(Path.Combine(_root, "upper/etc/passwd"), "app:x:3000:3000::/:/bin/sh\n");
        Assert.Equal(3000u, UserResolver.Resolve("app", files).Uid);
    }

    [Fact]
    public void WhiteoutHidesTheLowerFile()
    {
        var files = Files();
        Libc.Check(Libc.mknodat(Libc.AT_FDCWD, Path.Combine(_root, "upper/etc/passwd"), Libc.S_IFCHR, 0), "mknod whiteout");
        Assert.Null(files.ReadText("/etc/passwd"));
        Assert.Throws<BerthException>(() => UserResolver.Resolve("app", files));
    }
}
