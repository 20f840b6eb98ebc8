using Berth.Sys.Errors;

namespace Berth.Seccomp.Tests;

public class LoaderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8 * 4097)]
    public void Refuses_a_program_that_is_not_whole_instructions_before_touching_the_kernel(int length)
    {
        var error = Assert.ThrowsAny<BerthException>(() => SeccompLoader.Load(new byte[length], noNewPrivileges: false));
        Assert.Contains($"{length} bytes", error.Message);
    }
}
