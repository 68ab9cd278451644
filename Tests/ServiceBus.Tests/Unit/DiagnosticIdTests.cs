using System.Diagnostics;
using ServiceBus.Diagnostics;

namespace ServiceBus.Tests.Unit;

public sealed class DiagnosticIdTests
{
    [Fact]
    public void Send_activity_traceparent_is_stamped_only_when_the_message_has_none()
    {
        using var activity = new Activity("send").SetIdFormat(ActivityIdFormat.W3C).Start();
        var fresh = new ServiceBusMessage("a");
        var resent = new ServiceBusMessage("b") { ApplicationProperties = { ["Diagnostic-Id"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" } };

        DiagnosticIdPropagation.Inject(fresh, activity);
        DiagnosticIdPropagation.Inject(resent, activity);

        Assert.Equal(activity.Id, fresh.ApplicationProperties["Diagnostic-Id"]);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", resent.ApplicationProperties["Diagnostic-Id"]);
    }

    [Fact]
    public void Received_diagnostic_id_becomes_the_remote_parent_context()
    {
        var message = new ServiceBusReceivedMessage
        {
            ApplicationProperties = new Dictionary<string, object?> { ["Diagnostic-Id"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
        };

        Assert.True(DiagnosticIdPropagation.TryExtract(message, out var context));
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", context.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", context.SpanId.ToHexString());
        Assert.True(context.IsRemote);
        Assert.False(DiagnosticIdPropagation.TryExtract(new ServiceBusReceivedMessage(), out _));
    }
}
