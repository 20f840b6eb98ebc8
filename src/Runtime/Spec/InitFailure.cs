namespace Berth.Runtime.Spec;

/// <summary>What init reports to its parent on the error pipe when it cannot exec the command.</summary>
public sealed record InitFailure(int ExitCode, string Message);

/// <summary>The runtime's record of a started container (OCI state, plus what berth needs to reap it).</summary>
public sealed record ContainerRuntimeState(string Id, int Pid, string Bundle, string Status);
