using System.Text.Json.Nodes;

namespace Berth.Templates.Tests;

/// <summary>
/// docker's table layout: each row is the format executed over one item, written through a
/// tabwriter with minimum width 10, padding 3 and spaces; the header is the same format executed
/// over the column titles.
/// </summary>
public class DockerTableTests
{
    private static string Table(string format, JsonObject header, params JsonObject[] rows)
    {
        var template = GoTemplate.Parse(format);
        var output = new StringWriter();
        var writer = new TabWriter(output, 10, 1, 3, ' ', TabWriterFlags.None);
        template.Execute(header, writer);
        writer.Write('\n');
        foreach (var row in rows)
        {
            template.Execute(row, writer);
            writer.Write('\n');
        }
        writer.Flush();
        return output.ToString();
    }

    private static JsonObject Row(string id, string image, string command, string status, string names) => new()
    {
        ["ID"] = id,
        ["Image"] = image,
        ["Command"] = command,
        ["Status"] = status,
        ["Names"] = names,
    };

    [Fact]
    public void PsHeaderAlignsWithRows()
    {
        string table = Table("{{.ID}}\t{{.Image}}\t{{.Command}}",
            Row("CONTAINER ID", "IMAGE", "COMMAND", "STATUS", "NAMES"),
            Row("4f66ad9a0b2e", "nginx", "\"nginx -g 'daemon of…\"", "Up 2 minutes", "web"),
            Row("9c1d2e3f4a5b", "redis", "\"redis-server\"", "Up 1 second", "cache"));
        Assert.Equal(
            "CONTAINER ID   IMAGE     COMMAND\n" +
            "4f66ad9a0b2e   nginx     \"nginx -g 'daemon of…\"\n" +
            "9c1d2e3f4a5b   redis     \"redis-server\"\n",
            table);
    }

    [Fact]
    public void DefaultPsColumns()
    {
        string table = Table("{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.Status}}\t{{.Names}}",
            Row("CONTAINER ID", "IMAGE", "COMMAND", "STATUS", "NAMES"),
            Row("4f66ad9a0b2e", "nginx:latest", "\"/docker-entrypoint.…\"", "Up 2 minutes", "web"));
        Assert.Equal(
            "CONTAINER ID   IMAGE          COMMAND                  STATUS         NAMES\n" +
            "4f66ad9a0b2e   nginx:latest   \"/docker-entrypoint.…\"   Up 2 minutes   web\n",
            table);
    }

    [Fact]
    public void NarrowColumnsGetTheMinimumWidth()
    {
        string table = Table("{{.A}}\t{{.B}}",
            new JsonObject { ["A"] = "ID", ["B"] = "X" },
            new JsonObject { ["A"] = "1", ["B"] = "y" });
        Assert.Equal("ID        X\n1         y\n", table);
    }

    [Fact]
    public void ImagesTableWithTruncatedIds()
    {
        string table = Table("{{.Repository}}\t{{.Tag}}\t{{truncate .ID 12}}\t{{.Size}}",
            new JsonObject { ["Repository"] = "REPOSITORY", ["Tag"] = "TAG", ["ID"] = "IMAGE ID", ["Size"] = "SIZE" },
            new JsonObject { ["Repository"] = "busybox", ["Tag"] = "latest", ["ID"] = "a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824", ["Size"] = "4.26MB" });
        Assert.Equal(
            "REPOSITORY   TAG       IMAGE ID       SIZE\n" +
            "busybox      latest    a416a98b71e2   4.26MB\n",
            table);
    }

    [Fact]
    public void InspectFormats()
    {
        var container = JsonNode.Parse("""
            {"Id":"4f66ad9a0b2e4b1c","Name":"/web","State":{"Status":"running","Running":true,"ExitCode":0,"Health":null},
             "Config":{"Env":["PATH=/usr/bin","TERM=xterm"],"Labels":{"com.docker.compose.project":"shop","version":"2"},"Cmd":["nginx","-g","daemon off;"]},
             "Mounts":[{"Type":"bind","Source":"/srv/www","Destination":"/usr/share/nginx/html"}],
             "NetworkSettings":{"Networks":{"bridge":{"IPAddress":"172.17.0.2"}}}}
            """);
        string Exec(string format) => GoTemplate.Parse(format).Execute(container);

        Assert.Equal("[PATH=/usr/bin TERM=xterm]", Exec("{{.Config.Env}}"));
        Assert.Equal("shop", Exec("{{index .Config.Labels \"com.docker.compose.project\"}}"));
        Assert.Equal("/srv/www:/usr/share/nginx/html ", Exec("{{range .Mounts}}{{.Source}}:{{.Destination}} {{end}}"));
        Assert.Equal("172.17.0.2", Exec("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"));
        Assert.Equal("172.17.0.2", Exec("{{(index .NetworkSettings.Networks \"bridge\").IPAddress}}"));
        Assert.Equal("{\"Status\":\"running\",\"Running\":true,\"ExitCode\":0,\"Health\":null}", Exec("{{json .State}}"));
        Assert.Equal("<nil>", Exec("{{.State.Health}}"));
        Assert.Equal("healthless", Exec("{{if .State.Health}}{{.State.Health.Status}}{{else}}healthless{{end}}"));
        Assert.Equal("nginx -g daemon off;", Exec("{{join .Config.Cmd \" \"}}"));
        Assert.Equal("com.docker.compose.project=shop,version=2,", Exec("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}},{{end}}"));
        Assert.Equal("web", Exec("{{slice .Name 1}}"));
        Assert.Equal("true 0", Exec("{{.State.Running}} {{.State.ExitCode}}"));
        // A port with no binding: like docker, index of the missing entry is an empty list.
        var ports = JsonNode.Parse("""{"NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}]}}}""");
        Assert.Equal("8080", GoTemplate.Parse("{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}").Execute(ports));
        var error = Assert.Throws<TemplateException>(() =>
            GoTemplate.Parse("{{(index (index .NetworkSettings.Ports \"22/tcp\") 0).HostPort}}").Execute(ports));
        Assert.Equal("template: :1:3: executing \"\" at <index (index .NetworkSettings.Ports \"22/tcp\") 0>: error calling index: reflect: slice index out of range", error.Message);
    }
}
