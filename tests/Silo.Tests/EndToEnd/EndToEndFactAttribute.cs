namespace Maimai.Silo.Tests.EndToEnd;

/// <summary>
/// An end-to-end test with real npm clients: runs only under tests/e2e/run.sh, which installs the npm packages
/// and builds the descriptor set first, and says where through MAIMAI_E2E_* variables.
/// </summary>
public sealed class EndToEndFactAttribute : FactAttribute
{
    public EndToEndFactAttribute()
    {
        if (EndToEndEnvironment.Current is null)
        {
            Skip = "run by tests/e2e/run.sh (needs the npm clients and a descriptor set: MAIMAI_E2E_DESCRIPTOR_SET)";
        }
    }
}

/// <summary>What tests/e2e/run.sh prepared: the repository root and the descriptor set of protos/.</summary>
internal sealed record EndToEndEnvironment(string Root, string DescriptorSet)
{
    public static EndToEndEnvironment? Current =>
        Environment.GetEnvironmentVariable("MAIMAI_E2E_DESCRIPTOR_SET") is { Length: > 0 } set
        && Environment.GetEnvironmentVariable("MAIMAI_E2E_ROOT") is { Length: > 0 } root
            ? new EndToEndEnvironment(root, set)
            : null;
}
