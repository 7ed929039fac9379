namespace Maimai.Browser.Tests;

/// <summary>The two screens every browser test runs on: a desktop window and a 375 px phone.</summary>
public sealed record Screen(string Name, int Width, int Height, bool IsMobile)
{
    public static readonly Screen Desktop = new("desktop", 1280, 800, IsMobile: false);

    public static readonly Screen Phone = new("phone", 375, 740, IsMobile: true);

    /// <summary>The theories' data, by name (xunit shows each as its own test).</summary>
    public static TheoryData<string> All => [Desktop.Name, Phone.Name];

    public static Screen Named(string name) => name == Phone.Name ? Phone : Desktop;
}
