using System.Security.Cryptography;
using System.Text;

namespace WaQup.Grains.Sessions;

/// <summary>
/// A session's resume tokens: only their hashes are stored, the newest and the one before it. A client holds the
/// older one only when the answer carrying the newer was lost (its node died mid-resume).
/// </summary>
public static class ResumeTokens
{
    /// <summary>Makes a new token, keeping the newest one's hash as the one before it.</summary>
    public static string Issue(SessionRecord record)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        record.PreviousResumeTokenHash = record.ResumeTokenHash;
        record.ResumeTokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return token;
    }

    /// <summary>Which of the record's tokens <paramref name="token"/> is, if either.</summary>
    public static TokenAge Match(SessionRecord record, string token)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        // Both compared, always: the time taken says nothing about which one matched.
        var current = CryptographicOperations.FixedTimeEquals(hash, record.ResumeTokenHash);
        var previous = record.PreviousResumeTokenHash.Length > 0 && CryptographicOperations.FixedTimeEquals(hash, record.PreviousResumeTokenHash);
        return current ? TokenAge.Current : previous ? TokenAge.Previous : TokenAge.None;
    }
}
