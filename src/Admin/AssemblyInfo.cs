namespace Maimai.Admin;

/// <summary>Marks the admin Razor class library.</summary>
public static class AdminAssembly;
