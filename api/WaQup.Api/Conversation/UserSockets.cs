using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace WaQup.Api.Conversation;

/// <summary>
/// Conversation sockets open on this node, per user: one person cannot hold more than
/// <see cref="SocketOptions.MaxPerUser"/> of them, however many tabs, devices or scripts they run.
/// </summary>
public sealed class UserSockets(IOptions<SocketOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Counts one more socket for <paramref name="userId"/>, unless they already hold as many as they may.</summary>
    public bool TryOpen(string userId)
    {
        var limit = options.Value.MaxPerUser;
        while (true)
        {
            if (!_open.TryGetValue(userId, out var open))
            {
                if (_open.TryAdd(userId, 1))
                {
                    return true;
                }

                continue;
            }

            if (open >= limit)
            {
                return false;
            }

            if (_open.TryUpdate(userId, open + 1, open))
            {
                return true;
            }
        }
    }

    public void Close(string userId)
    {
        while (_open.TryGetValue(userId, out var open))
        {
            // The last socket takes the entry with it, so users who have left cost nothing.
            if (open <= 1 ? _open.TryRemove(new KeyValuePair<string, int>(userId, open)) : _open.TryUpdate(userId, open - 1, open))
            {
                return;
            }
        }
    }

    /// <summary>Sockets <paramref name="userId"/> holds open on this node.</summary>
    public int OpenFor(string userId) => _open.TryGetValue(userId, out var open) ? open : 0;
}
