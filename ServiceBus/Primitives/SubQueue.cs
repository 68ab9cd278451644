namespace ServiceBus;

public enum SubQueue
{
    None,
    DeadLetter,
    TransferDeadLetter,
}
