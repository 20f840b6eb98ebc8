using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests;

/// <summary>`berth diff`: docker's A/C/D lines from the container's upper layer.</summary>
public sealed class DiffTests(BerthFixture berth) : IClassFixture<BerthFixture>
{
    [Fact]
    public void FreshContainerShowsNoChanges()
    {
        var name = berth.RunSleeping();

        Assert.Empty(berth.Run("diff", name).Ok().Lines);
    }

    [Fact]
    public void AddedChangedAndDeletedFilesAreListedSortedByPath()
    {
        var name = berth.RunSleeping();
        berth.Run("exec", name, "sh", "-c", "touch /etc/newfile && rm /etc/group && echo extra >> /etc/passwd && mkdir -p /made/inner && touch /made/inner/f").Ok();

        string[] expected = ["C /etc", "D /etc/group", "A /etc/newfile", "C /etc/passwd", "A /made", "A /made/inner", "A /made/inner/f"];
        Assert.Equal(expected, berth.Run("diff", name).Ok().Lines);
        berth.Run("stop", "-t", "1", name).Ok();
        Assert.Equal(expected, berth.Run("diff", name).Ok().Lines);
    }

    [Fact]
    public void RecreatedDirectoryShowsAsChangedWithNewContentAdded()
    {
        var name = berth.RunSleeping();
        berth.Run("exec", name, "sh", "-c", "rm -rf /home && mkdir /home && touch /home/fresh").Ok();

        Assert.Equal(["C /home", "A /home/fresh"], berth.Run("diff", name).Ok().Lines);
    }
}
