using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Tests.Support;

public static class BrokerAssertions
{
    public static T Ok<T>(this BrokerResult<T> result)
    {
        Assert.True(result.IsSuccess, result.Error is { } e ? $"{e.Condition}: {e.Description}" : null);
        return result.Value;
    }

    public static void Ok(this BrokerResult result) =>
        Assert.True(result.IsSuccess, result.Error is { } e ? $"{e.Condition}: {e.Description}" : null);

    public static BrokerError Fails<T>(this BrokerResult<T> result, string condition)
    {
        Assert.False(result.IsSuccess, "expected an error but the operation succeeded");
        Assert.Equal(condition, result.Error!.Condition);
        return result.Error;
    }

    public static BrokerError Fails(this BrokerResult result, string condition)
    {
        Assert.False(result.IsSuccess, "expected an error but the operation succeeded");
        Assert.Equal(condition, result.Error!.Condition);
        return result.Error;
    }

    public static BrokerMessage Single(this BrokerReceiver receiver)
    {
        var messages = receiver.TryReceive(1).Ok();
        return Assert.Single(messages);
    }

    public static void Empty(this BrokerReceiver receiver) => Assert.Empty(receiver.TryReceive(10).Ok());
}
