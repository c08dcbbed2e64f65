using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>A column as the EF model maps it: its quoted name, its property, and the mapping that makes its parameters.</summary>
internal sealed record EntityColumn(string Name, IProperty Property, RelationalTypeMapping Mapping)
{
    /// <summary>A value as the store takes it: through the mapping's converter (enums to numbers…); null stays null.</summary>
    public object? ToProvider(object? value) => value is null ? null : Mapping.Converter?.ConvertToProvider(value) ?? value;

    /// <summary>This column's value on <paramref name="entity"/>, as the store takes it.</summary>
    public object? ProviderValueOf(object entity) => ToProvider(Property.GetGetter().GetClrValueUsingContainingEntity(entity));
}

/// <summary>
/// An entity's table as the EF model maps it, names quoted for the store, for the few statements written by hand
/// (bulk inserts, grouped updates): they follow the entity when it changes instead of repeating its names.
/// </summary>
/// <param name="Columns">Every column but the key's.</param>
internal sealed record EntityTable(string Name, string KeyColumn, IReadOnlyList<EntityColumn> Columns)
{
    public EntityColumn Column(string property) => Columns.Single(c => c.Property.Name == property);

    private static readonly ConcurrentDictionary<(IModel, Type), EntityTable> Cache = new();

    public static EntityTable Of<T>(DbContext db) => Cache.GetOrAdd((db.Model, typeof(T)), key => Build(db, key.Item2));

    private static EntityTable Build(DbContext db, Type type)
    {
        var entity = db.Model.FindEntityType(type)!;
        var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var columns = entity.GetProperties()
            .Where(p => !p.IsPrimaryKey() && !p.IsShadowProperty())
            .Select(p => new EntityColumn(sql.DelimitIdentifier(p.GetColumnName(store)!), p, (RelationalTypeMapping)p.GetTypeMapping()))
            .ToList();
        return new EntityTable(sql.DelimitIdentifier(store.Name, store.Schema), sql.DelimitIdentifier(key.GetColumnName(store)!), columns);
    }
}
