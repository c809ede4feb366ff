using System.Text;
using Microsoft.EntityFrameworkCore;

namespace QueryDoctor.Samples.Infrastructure;

/// <summary>Names tables and columns in snake_case, as the source systems' schemas did (<c>list_item_id</c>).</summary>
internal static class SnakeCaseNames
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(Snake(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName("pk_" + entity.GetTableName());
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(
                    "fk_" + entity.GetTableName() + "_" + string.Join("_", foreignKey.Properties.Select(p => Snake(p.Name))));
            }

            foreach (var index in entity.GetIndexes())
            {
                if (index.GetDatabaseName() is { } name && !name.StartsWith("ix_", StringComparison.Ordinal) && !name.StartsWith("ux_", StringComparison.Ordinal))
                {
                    index.SetDatabaseName(
                        (index.IsUnique ? "ux_" : "ix_") + entity.GetTableName() + "_" + string.Join("_", index.Properties.Select(p => Snake(p.Name))));
                }
            }
        }
    }

    public static string Snake(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
