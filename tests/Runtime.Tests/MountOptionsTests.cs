using Berth.Runtime.Init;
using Berth.Sys.Interop;

namespace Berth.Runtime.Tests;

public class MountOptionsTests
{
    [Fact]
    public void SplitsFlagsPropagationAndData()
    {
        var options = MountOptions.Parse(["nosuid", "noexec", "ro", "rprivate", "mode=755", "size=65536k", "rbind"]);
        Assert.Equal(Libc.MS_NOSUID | Libc.MS_NOEXEC | Libc.MS_RDONLY, options.Flags);
        Assert.Equal(Libc.MS_PRIVATE | Libc.MS_REC, options.Propagation);
        Assert.Equal("mode=755,size=65536k", options.Data);
        Assert.True(options.Bind);
        Assert.True(options.Recursive);
    }

    [Fact]
    public void LaterOptionsWin() => Assert.Equal(0UL, MountOptions.Parse(["ro", "rw"]).Flags & Libc.MS_RDONLY);

    [Fact]
    public void BerthOptionsAreNotPassedToTheKernel() => Assert.Equal("", MountOptions.Parse([MountOptions.CopyUp]).Data);
}
