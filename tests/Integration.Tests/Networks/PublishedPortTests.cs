using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Berth.Integration.Tests.Fixtures;

namespace Berth.Integration.Tests.Networks;

/// <summary>-p and -P: kernel DNAT reachable from the host's loopback, TCP and UDP, ranges, random ports, `berth port`.</summary>
public sealed class PublishedPortTests(BerthFixture berth) : NetworkTestBase(berth), IClassFixture<BerthFixture>
{
    const string Httpd = "mkdir -p /www && echo hello-from-berth > /www/index.html && exec httpd -f -p 80 -h /www";

    static string Get(int port, string host = "127.0.0.1")
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return Poll.Until(() =>
        {
            try { return client.GetStringAsync($"http://{host}:{port}/index.html").Result; }
            catch (AggregateException) { return ""; }
        }, body => body.Length > 0, TimeSpan.FromSeconds(10), $"http://{host}:{port}/ to answer");
    }

    [Fact]
    public void PublishedTcpPortAnswersOnLoopbackAndPortShowsIt()
    {
        var port = FreePort();
        var name = BerthFixture.UniqueName();
        Berth.Run("run", "-d", "--name", name, "-p", $"{port}:80", BerthFixture.Image, "sh", "-c", Httpd).Ok();

        Assert.Equal("hello-from-berth\n", Get(port));
        Assert.Equal($"0.0.0.0:{port}", Berth.Run("port", name, "80").Ok().Stdout.Trim());
        Assert.Contains($"0.0.0.0:{port}->80/tcp", Berth.Run("ps", "--filter", $"name={name}", "--format", "{{.Ports}}").Ok().Stdout);
        RemoveAndCheck(name);
        // After removal the port is free again: nothing answers and nothing holds it.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
    }

    [Fact]
    public void PublishedPortFollowsTheContainerWhenItsFirstNetworkIsDisconnected()
    {
        var first = CreateNetwork();
        var second = CreateNetwork();
        var port = FreePort();
        var name = BerthFixture.UniqueName();
        Berth.Run("run", "-d", "--name", name, "--network", first, "-p", $"{port}:80", BerthFixture.Image, "sh", "-c", Httpd).Ok();
        Assert.Equal("hello-from-berth\n", Get(port));

        Berth.Run("network", "connect", second, name).Ok();
        Berth.Run("network", "disconnect", first, name).Ok();
        Assert.Equal("hello-from-berth\n", Get(port));
        RemoveAndCheck(name);
    }

    [Fact]
    public void RandomHostPortOnLoopbackAndPublishAll()
    {
        var name = BerthFixture.UniqueName();
        Berth.Run("run", "-d", "--name", name, "-p", "127.0.0.1::80", "--expose", "8081", "-P", BerthFixture.Image, "sh", "-c", Httpd).Ok();
        var mapping = Berth.Run("port", name, "80/tcp").Ok().Stdout.Trim();
        Assert.StartsWith("127.0.0.1:", mapping);
        Assert.Equal("hello-from-berth\n", Get(int.Parse(mapping.Split(':')[1])));
        Assert.Matches(@"^0\.0\.0\.0:\d+$", Berth.Run("port", name, "8081").Ok().Stdout.Trim());
        RemoveAndCheck(name);
    }

    [Fact]
    public void PortRangeIsOneRuleAndAnswers()
    {
        var first = FreePort();
        var name = BerthFixture.UniqueName();
        // 1000 ports: one rule per chain, no process per port. Below the ephemeral range; another if some port of it is busy.
        int low;
        BerthResult run;
        var attempt = 0;
        do
        {
            Berth.Run("rm", "-f", name);
            low = 20000 + Random.Shared.Next(0, 12) * 1000;
            run = Berth.Run("run", "-d", "--name", name, "-p", $"{low}-{low + 999}:{low}-{low + 999}", "-p", $"{first}:80", BerthFixture.Image, "sh", "-c", Httpd);
        } while (run.Exit != 0 && run.Stderr.Contains("already allocated") && ++attempt < 5);
        run.Ok();
        var id = Berth.Id(name);
        var rules = Nft($"list table ip berthc-{id[..12]}");
        Assert.Equal(2, rules.Split('\n').Count(l => l.Contains($"dport {low}-{low + 999}")));
        Assert.Equal("hello-from-berth\n", Get(first));
        RemoveAndCheck(name);
    }

    [Fact]
    public void PublishedUdpPortAnswersOnLoopback()
    {
        using var dir = new TempDirectory();
        var echo = CompileUdpEcho(dir.Path);
        var port = FreePort(ProtocolType.Udp);
        var name = BerthFixture.UniqueName();
        Berth.Run("run", "-d", "--name", name, "-v", $"{dir.Path}:/tools:ro", "-p", $"127.0.0.1:{port}:9999/udp", BerthFixture.Image, "/tools/udpecho", "9999").Ok();

        using var client = new UdpClient();
        client.Client.ReceiveTimeout = 1000;
        var reply = Poll.Until(() =>
        {
            client.Send("ping"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, port));
            try
            {
                var from = new IPEndPoint(IPAddress.Any, 0);
                return System.Text.Encoding.ASCII.GetString(client.Receive(ref from));
            }
            catch (SocketException) { return ""; }
        }, r => r.Length > 0, TimeSpan.FromSeconds(10), "the UDP echo to answer");
        Assert.Equal("echo:ping", reply);
        RemoveAndCheck(name);
    }

    static string CompileUdpEcho(string dir)
    {
        File.WriteAllText(Path.Combine(dir, "udpecho.c"), """
            #include <arpa/inet.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/socket.h>
            int main(int argc, char **argv) {
                int fd = socket(AF_INET, SOCK_DGRAM, 0);
                struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
                if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) return 1;
                for (;;) {
                    char buf[512] = "echo:"; struct sockaddr_in from; socklen_t len = sizeof from;
                    ssize_t n = recvfrom(fd, buf + 5, sizeof buf - 5, 0, (struct sockaddr *)&from, &len);
                    if (n > 0) sendto(fd, buf, n + 5, 0, (struct sockaddr *)&from, len);
                }
            }
            """);
        using var gcc = Process.Start(new ProcessStartInfo("gcc", ["-static", "-O2", "-o", Path.Combine(dir, "udpecho"), Path.Combine(dir, "udpecho.c")]) { UseShellExecute = false })!;
        gcc.WaitForExit();
        Assert.Equal(0, gcc.ExitCode);
        return Path.Combine(dir, "udpecho");
    }

    internal static string Nft(string arguments)
    {
        using var nft = Process.Start(new ProcessStartInfo("nft", arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = nft.StandardOutput.ReadToEnd();
        nft.WaitForExit();
        return output;
    }
}
