using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Berth.Templates.Tests;

/// <summary>`berth ps --format` parses and runs a template for every row: it must stay cheap.</summary>
public class PerformanceTests
{
    private static readonly JsonNode Row = JsonNode.Parse("""
        {"ID":"4f66ad9a0b2e","Image":"nginx:latest","Command":"\"/docker-entrypoint.…\"","Status":"Up 2 minutes",
         "Names":"web","Labels":{"a":"1","b":"2"},"Ports":["0.0.0.0:80->80/tcp"]}
        """)!;

    [Fact]
    public void ParseAndExecuteOfARowTemplateTakesWellUnderAMillisecond()
    {
        const string format = "{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.Status}}\t{{join .Ports \", \"}}\t{{index .Labels \"a\"}}\t{{.Names}}";
        for (int i = 0; i < 200; i++) GoTemplate.Parse(format).Execute(Row); // warm up the JIT

        const int rounds = 2000;
        var watch = Stopwatch.StartNew();
        string last = "";
        for (int i = 0; i < rounds; i++) last = GoTemplate.Parse(format).Execute(Row);
        watch.Stop();

        Assert.Equal("4f66ad9a0b2e\tnginx:latest\t\"/docker-entrypoint.…\"\tUp 2 minutes\t0.0.0.0:80->80/tcp\t1\tweb", last);
        double perRow = watch.Elapsed.TotalMilliseconds / rounds;
        Assert.True(perRow < 0.5, $"parse + execute took {perRow:F4} ms per row");
    }

    [Fact]
    public void JsonOfAWholeObjectIsCheap()
    {
        var template = GoTemplate.Parse("{{json .}}");
        for (int i = 0; i < 200; i++) template.Execute(Row);
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 2000; i++) template.Execute(Row);
        watch.Stop();
        Assert.True(watch.Elapsed.TotalMilliseconds / 2000 < 0.5, $"{watch.Elapsed.TotalMilliseconds / 2000:F4} ms per execution");
    }
}
