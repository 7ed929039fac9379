namespace Maimai.Scraping;

/// <summary>Marks the scraping assembly; plugins and the host share it through the default load context.</summary>
public static class ScrapingAssembly;
