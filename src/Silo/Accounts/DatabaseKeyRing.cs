using System.Xml.Linq;
using Maimai.Silo.Storage.Keys;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Maimai.Silo.Accounts;

/// <summary>
/// Data Protection's key ring in the database (<see cref="DataProtectionKeyRepository"/>), so every silo encrypts
/// and decrypts maimai tokens with the same keys, and a key one silo creates on rotation reaches the others.
/// </summary>
internal sealed class DatabaseKeyRing(DataProtectionKeyRepository keys, TimeProvider time) : IXmlRepository
{
    // IXmlRepository is synchronous. Data Protection calls it only to load or refresh its key ring (at first use,
    // after a key is created, about once a day) and caches the result, so blocking here is rare and short.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. keys.ReadAllAsync().GetAwaiter().GetResult().Select(row => XElement.Parse(row.Xml))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        keys.InsertAsync(friendlyName ?? string.Empty, element.ToString(SaveOptions.DisableFormatting), time.GetUtcNow()).GetAwaiter().GetResult();
    }
}
