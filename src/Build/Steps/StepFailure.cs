using Berth.Build.Dockerfile;
using Berth.Sys.Errors;

namespace Berth.Build.Steps;

static class StepFailure
{
    public static BerthException At(InstructionNode node, string message, string? hint = null) => DockerfileError.At(node.Line, message, hint);
}
