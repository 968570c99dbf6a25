using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Sluice.Keys;

namespace Sluice.Billing;

/// <summary>
/// Reconciliation's own state in the billing table: the checkpoint (partition <c>checkpoint</c>) and the reports
/// (partition <c>report</c>, row = run id, which sorts newest first).
/// </summary>
public sealed class ReconciliationReports(SluiceTables tables)
{
    private const string CheckpointPartition = "checkpoint";
    private const string CheckpointRow = "events";
    private const string ReportPartition = "report";

    /// <summary>A new run id: inverted start time (so listing shows the newest first) and a random suffix.</summary>
    public static string NewRunId(DateTimeOffset now) =>
        (DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + RandomIds.New('r', 6);

    public static bool IsValidRunId(string? id) =>
        id is { Length: 27 } && id[..19].All(char.IsAsciiDigit) && id[19] == '-' && RandomIds.IsValid(id.AsSpan(20), 'r', 6);

    public async Task<DateTimeOffset?> ReadCheckpointAsync(CancellationToken cancellationToken)
    {
        var row = await tables.Billing.GetEntityIfExistsAsync<TableEntity>(CheckpointPartition, CheckpointRow, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetDateTimeOffset("Since") : null;
    }

    public async Task WriteCheckpointAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        await tables.Billing.UpsertEntityAsync(new TableEntity(CheckpointPartition, CheckpointRow) { ["Since"] = since }, TableUpdateMode.Replace, cancellationToken);

    public async Task SaveAsync(ReconciliationReport report, CancellationToken cancellationToken) =>
        await tables.Billing.UpsertEntityAsync(new TableEntity(ReportPartition, report.Id)
        {
            ["Report"] = JsonSerializer.Serialize(report, JsonResults.Options),
        }, TableUpdateMode.Replace, cancellationToken);

    public async Task<ReconciliationReport?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!IsValidRunId(id))
        {
            return null;
        }

        var row = await tables.Billing.GetEntityIfExistsAsync<TableEntity>(ReportPartition, id, cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    /// <summary>The newest reports, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<ReconciliationReport>> ListAsync(int max, CancellationToken cancellationToken)
    {
        var reports = new List<ReconciliationReport>(max);
        await foreach (var row in tables.Billing.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ReportPartition}"), max, cancellationToken: cancellationToken))
        {
            reports.Add(Read(row));
            if (reports.Count == max)
            {
                break;
            }
        }

        return reports;
    }

    private static ReconciliationReport Read(TableEntity row) => JsonSerializer.Deserialize<ReconciliationReport>(row.GetString("Report"), JsonResults.Options)!;
}
