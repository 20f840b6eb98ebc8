using Berth.Engine.Containers;

namespace Berth.Engine.Monitor;

/// <summary>docker's restart policies, and its backoff: 100 ms doubling per restart, reset after 10 s of running.</summary>
public static class RestartDecision
{
    public static bool ShouldRestart(RestartPolicy policy, int exitCode, int restartCount, bool stoppedByUser) => policy.Name switch
    {
        "always" or "unless-stopped" => !stoppedByUser,
        "on-failure" => !stoppedByUser && exitCode != 0 && (policy.MaximumRetryCount <= 0 || restartCount < policy.MaximumRetryCount),
        _ => false,
    };

    public static TimeSpan Backoff(TimeSpan previous, TimeSpan ranFor)
    {
        if (ranFor >= TimeSpan.FromSeconds(10) || previous == TimeSpan.Zero) return TimeSpan.FromMilliseconds(100);
        var next = previous * 2;
        return next > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : next;
    }
}
