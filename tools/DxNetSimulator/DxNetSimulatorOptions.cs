using Maimai.Core.Game;

namespace Maimai.DxNetSimulator;

/// <summary>How a simulated DX NET starts. One instance serves one region; start two for both.</summary>
public sealed class DxNetSimulatorOptions
{
    /// <summary>Which site to imitate (labels, genres, error texts, the clal gateway). Defaults to Intl.</summary>
    public Region Region { get; set; } = Region.Intl;

    /// <summary>Everything random (songs, scores, plays, session values) comes from this. Defaults to 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Normal songs in the synthetic catalog (STD and DX counted apart). Defaults to 1,400.</summary>
    public int SongCount { get; set; } = 1400;

    /// <summary>Utage (宴) songs, one chart each. Defaults to 12.</summary>
    public int UtageCount { get; set; } = 12;

    /// <summary>Share of EXPERT/MASTER charts played at start (half that for BASIC/ADVANCED). Defaults to 35.</summary>
    public int PlayedPercent { get; set; } = 35;

    /// <summary>The player's skill as a level in tenths: charts above it go worse. Defaults to 135 (13.5).</summary>
    public int SkillTenths { get; set; } = 135;

    public string PlayerName { get; set; } = "ＳＩＭＰＬＡＹＥＲ";

    public string PlayerTitle { get; set; } = "でびゅー";

    /// <summary>The clock for play times and the initial history. Defaults to the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where to listen. Defaults to "http://127.0.0.1:0" (a free port).</summary>
    public string Url { get; set; } = "http://127.0.0.1:0";

    /// <summary>Pages need a valid userId cookie. Defaults to true.</summary>
    public bool RequireSession { get; set; } = true;

    /// <summary>Send a new userId with every page response. Defaults to true.</summary>
    public bool RotateSessionOnEveryResponse { get; set; } = true;

    /// <summary>Only the newest userId is valid after a rotation. Defaults to false.</summary>
    public bool StrictSessions { get; set; }

    /// <summary>Write ASP.NET Core logs to the console (the standalone exe does). Defaults to false.</summary>
    public bool LogToConsole { get; set; }
}
