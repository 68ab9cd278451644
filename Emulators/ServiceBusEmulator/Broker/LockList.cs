namespace ServiceBusEmulator.Broker;

/// <summary>
/// Locked messages in order of lock expiry, as an intrusive doubly-linked list (O(1) add, remove, renew, no
/// allocation). The order holds because every lock of a store has the same duration: a new or renewed lock always
/// expires no earlier than the ones already in the list, so it goes to the tail.
/// </summary>
internal sealed class LockList
{
    private BrokerMessage? _head;
    private BrokerMessage? _tail;

    public BrokerMessage? First => _head;

    public void Append(BrokerMessage message)
    {
        message.LockPrevious = _tail;
        message.LockNext = null;
        if (_tail is null)
        {
            _head = message;
        }
        else
        {
            _tail.LockNext = message;
        }

        _tail = message;
        message.InLockList = true;
    }

    public void Remove(BrokerMessage message)
    {
        if (!message.InLockList)
        {
            return;
        }

        if (message.LockPrevious is null)
        {
            _head = message.LockNext;
        }
        else
        {
            message.LockPrevious.LockNext = message.LockNext;
        }

        if (message.LockNext is null)
        {
            _tail = message.LockPrevious;
        }
        else
        {
            message.LockNext.LockPrevious = message.LockPrevious;
        }

        message.LockPrevious = null;
        message.LockNext = null;
        message.InLockList = false;
    }
}
