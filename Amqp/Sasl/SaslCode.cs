namespace Amqp.Sasl;

/// <summary>The outcome codes of SASL authentication (spec 5.3.3.6).</summary>
public enum SaslCode : byte
{
    Ok = 0,
    Auth = 1,
    Sys = 2,
    SysPerm = 3,
    SysTemp = 4,
}
