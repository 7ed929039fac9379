namespace Maimai.Core.Game;

/// <summary>
/// The class (クラス) a player holds in class matches. The numbers follow the two-digit prefix of
/// DX NET's class_rank image names (class_rank_s_10….png is S5).
/// </summary>
public enum ClassRank
{
    B5 = 0, B4 = 1, B3 = 2, B2 = 3, B1 = 4,
    A5 = 5, A4 = 6, A3 = 7, A2 = 8, A1 = 9,
    S5 = 10, S4 = 11, S3 = 12, S2 = 13, S1 = 14,
    SS5 = 15, SS4 = 16, SS3 = 17, SS2 = 18, SS1 = 19,
    SSS5 = 20, SSS4 = 21, SSS3 = 22, SSS2 = 23, SSS1 = 24,
    Legend = 25,
}
