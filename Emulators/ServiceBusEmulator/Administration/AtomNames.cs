using System.Xml.Linq;

namespace ServiceBusEmulator.Administration;

/// <summary>The XML namespaces and content type of Service Bus's ATOM management API (as the SDKs read and write it).</summary>
internal static class AtomNames
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace ServiceBus = "http://schemas.microsoft.com/netservices/2010/10/servicebus/connect";
    public static readonly XNamespace CountDetails = "http://schemas.microsoft.com/netservices/2011/06/servicebus";
    public static readonly XNamespace XmlSchemaInstance = "http://www.w3.org/2001/XMLSchema-instance";
    public static readonly XNamespace XmlSchema = "http://www.w3.org/2001/XMLSchema";
    public static readonly XNamespace Serialization = "http://schemas.microsoft.com/2003/10/Serialization/";

    public const string AtomContentType = "application/atom+xml;type=entry;charset=utf-8";
    public const string FeedContentType = "application/atom+xml;type=feed;charset=utf-8";
    public const string XmlContentType = "application/xml; charset=utf-8";
}
