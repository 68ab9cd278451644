using System.Globalization;

namespace ServiceBusEmulator.Persistence;

/// <summary>
/// Writes application-property values with their exact CLR type, so a uint comes back a uint after a restart
/// (the SDKs are strict about AMQP types). A type the codec does not know is kept as its string form.
/// </summary>
internal static class PropertyValueCodec
{
    public static void Write(BinaryWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.Write((byte)0); break;
            case string v: writer.Write((byte)1); writer.Write(v); break;
            case bool v: writer.Write((byte)2); writer.Write(v); break;
            case sbyte v: writer.Write((byte)3); writer.Write(v); break;
            case byte v: writer.Write((byte)4); writer.Write(v); break;
            case short v: writer.Write((byte)5); writer.Write(v); break;
            case ushort v: writer.Write((byte)6); writer.Write(v); break;
            case int v: writer.Write((byte)7); writer.Write(v); break;
            case uint v: writer.Write((byte)8); writer.Write(v); break;
            case long v: writer.Write((byte)9); writer.Write(v); break;
            case ulong v: writer.Write((byte)10); writer.Write(v); break;
            case float v: writer.Write((byte)11); writer.Write(v); break;
            case double v: writer.Write((byte)12); writer.Write(v); break;
            case decimal v: writer.Write((byte)13); writer.Write(v); break;
            case char v: writer.Write((byte)14); writer.Write((ushort)v); break;
            case DateTime v: writer.Write((byte)15); writer.Write(v.ToBinary()); break;
            case DateTimeOffset v: writer.Write((byte)16); writer.Write(v.UtcTicks); writer.Write((short)v.Offset.TotalMinutes); break;
            case TimeSpan v: writer.Write((byte)17); writer.Write(v.Ticks); break;
            case Guid v: writer.Write((byte)18); writer.Write(v.ToByteArray()); break;
            case byte[] v: writer.Write((byte)19); writer.Write(v.Length); writer.Write(v); break;
            case Uri v: writer.Write((byte)20); writer.Write(v.OriginalString); break;
            default: writer.Write((byte)21); writer.Write(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty); break;
        }
    }

    public static object? Read(BinaryReader reader)
    {
        var tag = reader.ReadByte();
        return tag switch
        {
            0 => null,
            1 => reader.ReadString(),
            2 => reader.ReadBoolean(),
            3 => reader.ReadSByte(),
            4 => reader.ReadByte(),
            5 => reader.ReadInt16(),
            6 => reader.ReadUInt16(),
            7 => reader.ReadInt32(),
            8 => reader.ReadUInt32(),
            9 => reader.ReadInt64(),
            10 => reader.ReadUInt64(),
            11 => reader.ReadSingle(),
            12 => reader.ReadDouble(),
            13 => reader.ReadDecimal(),
            14 => (char)reader.ReadUInt16(),
            15 => DateTime.FromBinary(reader.ReadInt64()),
            16 => ReadDateTimeOffset(reader),
            17 => TimeSpan.FromTicks(reader.ReadInt64()),
            18 => new Guid(reader.ReadBytes(16)),
            19 => reader.ReadBytes(reader.ReadInt32()),
            20 => new Uri(reader.ReadString(), UriKind.RelativeOrAbsolute),
            21 => reader.ReadString(),
            _ => throw new InvalidDataException($"Unknown property value tag {tag}."),
        };
    }

    private static DateTimeOffset ReadDateTimeOffset(BinaryReader reader)
    {
        var utcTicks = reader.ReadInt64();
        var offset = TimeSpan.FromMinutes(reader.ReadInt16());
        return new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(offset);
    }
}
