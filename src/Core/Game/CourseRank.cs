namespace Maimai.Core.Game;

/// <summary>
/// The dan (段位) from the course mode. The numbers follow the two-digit prefix of DX NET's
/// course_rank image names: 00 is no dan yet, 01 to 10 are 初段 to 十段, 11 to 20 the 真 dans,
/// 21 真皆伝 and 22 裏皆伝.
/// </summary>
public enum CourseRank
{
    None = 0,
    Dan1 = 1, Dan2 = 2, Dan3 = 3, Dan4 = 4, Dan5 = 5, Dan6 = 6, Dan7 = 7, Dan8 = 8, Dan9 = 9, Dan10 = 10,
    ShinDan1 = 11, ShinDan2 = 12, ShinDan3 = 13, ShinDan4 = 14, ShinDan5 = 15,
    ShinDan6 = 16, ShinDan7 = 17, ShinDan8 = 18, ShinDan9 = 19, ShinDan10 = 20,
    ShinKaiden = 21,
    UraKaiden = 22,
}
