using System.Net;
using ServiceBusEmulator.Configuration;

namespace ServiceBusEmulator.Hosting;

public sealed record EmulatorOptions
{
    /// <summary>The official emulator's static key, so its connection strings work unchanged.</summary>
    public const string DefaultKey = "SAS_KEY_VALUE";
    public const string DefaultKeyName = "RootManageSharedAccessKey";

    /// <summary>Entities; when null, <see cref="ConfigPath"/> is read; when both are null, a namespace with no entities.</summary>
    public EmulatorConfiguration? Configuration { get; init; }

    public string? ConfigPath { get; init; }

    /// <summary>AMQP port; 0 picks a free one.</summary>
    public int Port { get; init; } = 5672;

    /// <summary>HTTP port for GET /health; 0 picks a free one; -1 disables it.</summary>
    public int ManagementPort { get; init; } = 5300;

    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Null keeps everything in memory.</summary>
    public string? DataDirectory { get; init; }

    public string SharedAccessKeyName { get; init; } = DefaultKeyName;

    public string SharedAccessKey { get; init; } = DefaultKey;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Serve AMQP 1.0 on <see cref="Port"/> (the default); false leaves only the broker and health endpoint.</summary>
    public bool ServeAmqp { get; init; } = true;

    /// <summary>Further wire protocols to serve, beside the built-in AMQP endpoint.</summary>
    public IReadOnlyList<IProtocolEndpoint> ProtocolEndpoints { get; init; } = [];

    /// <summary>Where log lines go (console and/or file per Config.json's Logging); null for silence.</summary>
    public TextWriter? Log { get; init; }
}
