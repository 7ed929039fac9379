using Dapper;
using Maimai.Core.Accounts;

namespace Maimai.Silo.Storage.Audit;

/// <summary>
/// admin_audit: who did what to which entity, and when. Entries name their target by text only (no foreign key), so
/// they outlive a deleted user; they hold ids and counts, never a secret.
/// </summary>
public sealed class AuditRepository(Database database)
{
    private const string Columns = """
        id AS Id, at AS At, actor AS ActorKind, actor_user_id AS ActorUserId, action AS Action, entity AS Entity,
        entity_id AS EntityId, after_json AS Detail
        """;

    /// <summary>Writes one entry inside the caller's transaction, so it commits with what it records.</summary>
    internal static Task AddAsync(StorageTransaction transaction, AuditActor actor, DateTimeOffset at, string action, string entity, string entityId, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(actor);
        return transaction.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO admin_audit (actor_user_id, at, entity, entity_id, before_json, after_json, action, actor)
            VALUES (@ActorUserId, @At, @Entity, @EntityId, NULL, @Detail, @Action, @Actor)
            """,
            new { ActorUserId = actor.UserId, At = at, Entity = entity, EntityId = entityId, Detail = detail, Action = action, Actor = actor.Kind },
            transaction.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Writes one entry in a transaction of its own (for work that committed its own, as an import).</summary>
    public async Task AddAsync(AuditActor actor, DateTimeOffset at, string action, string entity, string entityId, string? detail, CancellationToken cancellationToken = default)
    {
        await using var transaction = await database.BeginAsync(cancellationToken);
        await AddAsync(transaction, actor, at, action, entity, entityId, detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Writes one change with the row before and after it (JSON; null: none) inside the caller's transaction.</summary>
    internal static Task AddChangeAsync(StorageTransaction transaction, AuditActor actor, DateTimeOffset at, string action, string entity, string entityId, string? before, string? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(actor);
        return transaction.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO admin_audit (actor_user_id, at, entity, entity_id, before_json, after_json, action, actor)
            VALUES (@ActorUserId, @At, @Entity, @EntityId, @Before, @After, @Action, @Actor)
            """,
            new { ActorUserId = actor.UserId, At = at, Entity = entity, EntityId = entityId, Before = before, After = after, Action = action, Actor = actor.Kind },
            transaction.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The changes recorded against one entity, newest first.</summary>
    public async Task<IReadOnlyList<AuditChange>> ListChangesAsync(string entity, string entityId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ChangeRow>(new CommandDefinition(
            $"SELECT {ChangeColumns} FROM admin_audit WHERE entity = @Entity AND entity_id = @EntityId ORDER BY id DESC",
            new { Entity = entity, EntityId = entityId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToChange())];
    }

    /// <summary>One change, read inside the caller's transaction; null when there is none.</summary>
    internal static async Task<AuditChange?> GetChangeAsync(StorageTransaction transaction, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var row = await transaction.Connection.QuerySingleOrDefaultAsync<ChangeRow>(new CommandDefinition(
            $"SELECT {ChangeColumns} FROM admin_audit WHERE id = @Id", new { Id = id }, transaction.Transaction, cancellationToken: cancellationToken));
        return row?.ToChange();
    }

    private const string ChangeColumns = """
        id AS Id, at AS At, actor AS ActorKind, actor_user_id AS ActorUserId, action AS Action, entity AS Entity,
        entity_id AS EntityId, before_json AS Before, after_json AS After
        """;

    /// <summary>Newest first, with ids below <paramref name="beforeId"/> when given.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(long? beforeId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM admin_audit WHERE id < @Before ORDER BY id DESC LIMIT @Limit",
            new { Before = beforeId ?? long.MaxValue, Limit = limit }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEntry())];
    }

    private sealed class ChangeRow
    {
        public long Id { get; set; }
        public DateTimeOffset At { get; set; }
        public string ActorKind { get; set; } = "";
        public long? ActorUserId { get; set; }
        public string Action { get; set; } = "";
        public string Entity { get; set; } = "";
        public string EntityId { get; set; } = "";
        public string? Before { get; set; }
        public string? After { get; set; }

        public AuditChange ToChange() => new(Id, At, new AuditActor(ActorKind, ActorUserId), Action, Entity, EntityId, Before, After);
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public DateTimeOffset At { get; set; }
        public string ActorKind { get; set; } = "";
        public long? ActorUserId { get; set; }
        public string Action { get; set; } = "";
        public string Entity { get; set; } = "";
        public string EntityId { get; set; } = "";
        public string? Detail { get; set; }

        public AuditEntry ToEntry() => new(Id, At, new AuditActor(ActorKind, ActorUserId), Action, Entity, EntityId, Detail);
    }
}

/// <summary>One audited change with the entity as it was before and after (JSON; null: none).</summary>
public sealed record AuditChange(long Id, DateTimeOffset At, AuditActor Actor, string Action, string Entity, string EntityId, string? Before, string? After);
