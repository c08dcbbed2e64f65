using CsvHelper;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Groups;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Customers;

/// <summary>
/// Imports customers from a CSV file with a header row. Rows are streamed and validated one at a time with the rules of
/// the customer form; a bad row is reported and skipped, good rows are written in batches, each batch in one transaction.
/// A row updates the customer with its account number (else its phone) or creates one. Blank cells leave what is stored
/// alone, so an export with fewer columns never erases data; groups are added to, never taken away.
/// </summary>
public sealed class CustomerImporter(AppDbContext db, PhoneNumberNormalizer phones, ConsentService consent, TimeProvider clock)
{
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public const int BatchSize = 500;
    public const int MaxErrorsListed = 1000;

    private enum Column { Name, Phone, Email, AccountNumber, Plan, Language, OptIn, MarketingOptIn, Groups }

    /// <summary>Header names as they are compared: lower case, without spaces, underscores or hyphens.</summary>
    private static readonly Dictionary<string, Column> HeaderNames = new()
    {
        ["name"] = Column.Name, ["customername"] = Column.Name, ["fullname"] = Column.Name,
        ["phone"] = Column.Phone, ["phonenumber"] = Column.Phone, ["mobile"] = Column.Phone,
        ["email"] = Column.Email, ["emailaddress"] = Column.Email,
        ["accountnumber"] = Column.AccountNumber, ["account"] = Column.AccountNumber, ["accountno"] = Column.AccountNumber,
        ["plan"] = Column.Plan,
        ["language"] = Column.Language, ["lang"] = Column.Language,
        ["whatsappoptin"] = Column.OptIn, ["optin"] = Column.OptIn, ["optedin"] = Column.OptIn,
        ["marketingoptin"] = Column.MarketingOptIn, ["marketing"] = Column.MarketingOptIn, ["offersoptin"] = Column.MarketingOptIn,
        ["groups"] = Column.Groups, ["group"] = Column.Groups,
    };

    private static readonly string[] TrueWords = ["true", "yes", "y", "1"];
    private static readonly string[] FalseWords = ["false", "no", "n", "0"];

    /// <summary>A row that passed validation, waiting for its batch.</summary>
    /// <param name="OptIns">Per purpose, the consent the file states (a blank cell states none).</param>
    private sealed record PendingRow(int Row, SaveCustomerRequest Request, string Phone, string? AccountNumber,
        IReadOnlyDictionary<ConsentPurpose, bool> OptIns, IReadOnlyList<string> Groups);

    /// <summary>The consent columns: which purpose each states, and its field name in problems.</summary>
    private static readonly (Column Column, ConsentPurpose Purpose, string Field)[] ConsentColumns =
    [
        (Column.OptIn, ConsentPurpose.Service, "whatsAppOptIn"),
        (Column.MarketingOptIn, ConsentPurpose.Marketing, "marketingOptIn"),
    ];

    /// <summary>What lives across batches: the in-file duplicate checks, the group names, the counts.</summary>
    private sealed class ImportState(string fileName, string? actor, bool dryRun, Dictionary<string, int> groups)
    {
        public string FileName { get; } = fileName;
        public string? Actor { get; } = actor;
        public bool DryRun { get; } = dryRun;
        /// <summary>Normalized group name → id.</summary>
        public Dictionary<string, int> Groups { get; } = groups;
        public Dictionary<string, int> PhoneRows { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> AccountRows { get; } = new(StringComparer.Ordinal);
        /// <summary>Stored customer id → the row that updated it: two rows of one file must not both rewrite one customer.</summary>
        public Dictionary<int, int> CustomerRows { get; } = [];
        /// <summary>Record numbers (header = 1) whose quoting the reader could only guess at.</summary>
        public HashSet<long> UnterminatedQuotes { get; } = [];
        public List<CustomerImportError> Errors { get; } = [];
        public bool ErrorsTruncated { get; set; }
        public int Created { get; set; }
        public int Updated { get; set; }
        public int Unchanged { get; set; }
        public int Failed { get; set; }

        public void Fail(int row, IEnumerable<(string Field, string Message)> problems)
        {
            Failed++;
            foreach (var (field, message) in problems)
            {
                if (Errors.Count < MaxErrorsListed) Errors.Add(new CustomerImportError(row, field, message));
                else ErrorsTruncated = true;
            }
        }

        public CustomerImportResult Result() =>
            new(Created, Updated, Unchanged, Failed, Errors.OrderBy(e => e.Row).ToList(), ErrorsTruncated, DryRun);
    }

    /// <summary>The result, or why the file as a whole cannot be imported (a missing header).</summary>
    public async Task<(CustomerImportResult? Result, string? FileError)> ImportAsync(
        Stream csv, string fileName, string? actor, bool dryRun, CancellationToken ct = default)
    {
        var state = new ImportState(fileName, actor, dryRun,
            await db.Set<CustomerGroup>().AsNoTracking().ToDictionaryAsync(g => g.NormalizedName, g => g.Id, ct));
        var options = new CsvReaderOptions
        {
            // Empty lines still count, so a row number is the one a spreadsheet shows.
            SkipEmptyLines = false,
            TrimWhitespace = true,
            OnMalformedRecord = m => { if (m.Reason == CsvMalformedReason.UnterminatedQuote) state.UnterminatedQuotes.Add(m.RecordNumber); },
        };
        await using var reader = CsvReader.Create(csv, options, leaveOpen: true);

        Dictionary<Column, int> columns;
        try
        {
            await reader.ReadHeaderAsync(ct);
            columns = MapHeader(reader.Headers);
        }
        catch (CsvFormatException ex)
        {
            return (null, $"The header row could not be read: {ex.Message}");
        }
        if (!columns.ContainsKey(Column.Name) || !columns.ContainsKey(Column.Phone))
            return (null, "The first row must be a header naming at least the name and phone columns (also recognised: email, accountNumber, plan, language, whatsAppOptIn, marketingOptIn, groups).");

        var pending = new List<PendingRow>(BatchSize);
        var row = 1;
        try
        {
            while (await reader.ReadAsync(ct))
            {
                row = (int)reader.RowNumber + 1;
                if (ParseRow(reader, columns, row, state) is { } parsed) pending.Add(parsed);
                if (pending.Count == BatchSize)
                {
                    await SaveBatchAsync(pending, state, ct);
                    pending.Clear();
                }
            }
        }
        catch (CsvFormatException ex)
        {
            // The rows before stay imported; the rest of the file cannot be told apart reliably.
            state.Fail(row + 1, [("file", $"The file could not be read from here on: {ex.Message}")]);
        }
        await SaveBatchAsync(pending, state, ct);
        return (state.Result(), null);
    }

    private static Dictionary<Column, int> MapHeader(IReadOnlyList<string> headers)
    {
        var columns = new Dictionary<Column, int>();
        for (var i = 0; i < headers.Count; i++)
        {
            var key = new string(headers[i].Where(c => c is not (' ' or '_' or '-')).ToArray()).ToLowerInvariant();
            if (HeaderNames.TryGetValue(key, out var column)) columns.TryAdd(column, i);
        }
        return columns;
    }

    /// <summary>The row ready for its batch, or null when it is blank or failed (and then reported).</summary>
    private PendingRow? ParseRow(CsvReader reader, Dictionary<Column, int> columns, int row, ImportState state)
    {
        string? Cell(Column c) => columns.TryGetValue(c, out var i) ? reader.GetString(i).NullIfBlank() : null;

        if (Enumerable.Range(0, reader.FieldCount).All(reader.IsEmpty)) return null;
        if (state.UnterminatedQuotes.Contains(row))
        {
            state.Fail(row, [("row", "A quote in this row is never closed, so its cells cannot be told apart. Check the quotes and import it again.")]);
            return null;
        }

        var request = new SaveCustomerRequest(
            Cell(Column.Name), Cell(Column.Phone), Cell(Column.Email), Cell(Column.AccountNumber), Cell(Column.Plan), Cell(Column.Language),
            WhatsAppOptIn: null, ConsentSource: null);
        var problems = CustomerRules.Validate(request, phones, existing: null, out var phone)
            .SelectMany(e => e.Value.Select(message => (Field: e.Key, Message: message)))
            .ToList();

        var optIns = new Dictionary<ConsentPurpose, bool>();
        foreach (var (column, purpose, field) in ConsentColumns)
        {
            if (Cell(column) is not { } optInText) continue;
            if (TrueWords.Contains(optInText, StringComparer.OrdinalIgnoreCase)) optIns[purpose] = true;
            else if (FalseWords.Contains(optInText, StringComparer.OrdinalIgnoreCase)) optIns[purpose] = false;
            else problems.Add((field, "Use true or false (yes/no, 1/0), or leave it blank to keep the customer's consent as it is."));
        }

        var groups = (Cell(Column.Groups) ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .DistinctBy(GroupMembership.NormalizeName).ToList();
        if (groups.FirstOrDefault(g => g.Length > CustomerGroup.MaxNameLength) is { } longName)
            problems.Add(("groups", $"Group names must be at most {CustomerGroup.MaxNameLength} characters: '{longName.Truncate(40)}…'."));

        if (phone is not null && state.PhoneRows.TryGetValue(phone, out var phoneRow))
            problems.Add(("phone", $"The same phone number as row {phoneRow}; each customer may appear once per file."));
        if (request.AccountNumber is { } account && state.AccountRows.TryGetValue(account, out var accountRow))
            problems.Add(("accountNumber", $"The same account number as row {accountRow}; each customer may appear once per file."));

        if (problems.Count > 0)
        {
            state.Fail(row, problems);
            return null;
        }
        state.PhoneRows[phone!] = row;
        if (request.AccountNumber is { } accepted) state.AccountRows[accepted] = row;
        return new PendingRow(row, request, phone!, request.AccountNumber, optIns, groups);
    }

    /// <summary>Writes one batch in one transaction (rolled back on a dry run), and counts it once it is committed.</summary>
    private async Task SaveBatchAsync(List<PendingRow> rows, ImportState state, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var newGroups = new List<CustomerGroup>();
        var claimedCustomers = new List<int>();
        var committed = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var (byAccount, byPhone) = await ExistingAsync(rows, ct);
            var targets = new List<(PendingRow Row, Customer Customer, bool IsNew)>(rows.Count);
            foreach (var row in rows)
            {
                var match = row.AccountNumber is { } account
                    ? byAccount.GetValueOrDefault(account) ?? byPhone.GetValueOrDefault(row.Phone)?.FirstOrDefault(c => c.AccountNumber is null)
                    : byPhone.GetValueOrDefault(row.Phone)?.FirstOrDefault();
                if (match is not null)
                {
                    if (state.CustomerRows.TryGetValue(match.Id, out var earlier))
                    {
                        state.Fail(row.Row, [(row.AccountNumber is null ? "phone" : "accountNumber", $"Matches the same customer as row {earlier}.")]);
                        continue;
                    }
                    state.CustomerRows[match.Id] = row.Row;
                    claimedCustomers.Add(match.Id);
                    match.Name = row.Request.Name!;
                    match.Phone = row.Phone;
                    CustomerRules.ApplyDetails(match, row.Request);
                    targets.Add((row, match, false));
                }
                else
                {
                    var customer = new Customer { Name = row.Request.Name!, Phone = row.Phone, CreatedAt = now, UpdatedAt = now };
                    CustomerRules.ApplyDetails(customer, row.Request);
                    db.Add(customer);
                    targets.Add((row, customer, true));
                }
            }

            foreach (var name in targets.SelectMany(t => t.Row.Groups).DistinctBy(GroupMembership.NormalizeName))
            {
                if (state.Groups.ContainsKey(GroupMembership.NormalizeName(name))) continue;
                var group = new CustomerGroup { Name = name, NormalizedName = GroupMembership.NormalizeName(name), CreatedAt = now, UpdatedAt = now };
                db.Add(group);
                newGroups.Add(group);
            }

            db.ChangeTracker.DetectChanges();
            var changed = targets.Where(t => !t.IsNew && db.Entry(t.Customer).State == EntityState.Modified).Select(t => t.Customer.Id).ToHashSet();
            // New customers and groups get their ids here; consent records and memberships need them.
            await db.SaveChangesAsync(ct);
            foreach (var group in newGroups) state.Groups[group.NormalizedName] = group.Id;

            foreach (var (row, customer, _) in targets)
                foreach (var (purpose, optIn) in row.OptIns)
                {
                    if (optIn == customer.Consents(purpose)) continue;
                    consent.Record(customer, purpose, optIn, ConsentSource.Import, state.Actor, optIn
                        ? $"Imported from the file {state.FileName}, opted in with this wording: {ConsentService.WordingFor(purpose)}"
                        : $"Opted out by the import of the file {state.FileName}.");
                    changed.Add(customer.Id);
                }
            var pairs = targets.SelectMany(t => t.Row.Groups.Select(g => (state.Groups[GroupMembership.NormalizeName(g)], t.Customer.Id))).ToList();
            changed.UnionWith((await GroupMembership.AddMissingAsync(db, pairs, now, ct)).Select(m => m.CustomerId));
            foreach (var (_, customer, isNew) in targets)
                if (!isNew && changed.Contains(customer.Id)) customer.UpdatedAt = now;
            await db.SaveChangesAsync(ct);

            if (state.DryRun) await tx.RollbackAsync(ct);
            else await tx.CommitAsync(ct);
            committed = !state.DryRun;
            state.Created += targets.Count(t => t.IsNew);
            state.Updated += targets.Count(t => !t.IsNew && changed.Contains(t.Customer.Id));
            state.Unchanged += targets.Count(t => !t.IsNew && !changed.Contains(t.Customer.Id));
        }
        catch (DbUpdateException ex)
        {
            await tx.RollbackAsync(ct);
            foreach (var id in claimedCustomers) state.CustomerRows.Remove(id);
            var reason = (ex.InnerException ?? ex).Message;
            foreach (var row in rows) state.Fail(row.Row, [("row", $"Not saved: the batch this row was in could not be written ({reason}).")]);
        }
        finally
        {
            db.ChangeTracker.Clear();
            // Groups made in a batch that was rolled back do not exist; a later batch makes them again.
            if (!committed) foreach (var group in newGroups) state.Groups.Remove(group.NormalizedName);
        }
    }

    /// <summary>The stored customers that the batch's account numbers or phones point at, oldest first.</summary>
    private async Task<(Dictionary<string, Customer> ByAccount, Dictionary<string, List<Customer>> ByPhone)> ExistingAsync(
        List<PendingRow> rows, CancellationToken ct)
    {
        var accounts = rows.Where(r => r.AccountNumber is not null).Select(r => r.AccountNumber!).ToList();
        var phoneNumbers = rows.Select(r => r.Phone).ToList();
        var existing = await db.Set<Customer>()
            .Where(c => (c.AccountNumber != null && accounts.Contains(c.AccountNumber)) || phoneNumbers.Contains(c.Phone))
            .OrderBy(c => c.Id)
            .ToListAsync(ct);
        var byAccount = existing.Where(c => c.AccountNumber is not null).GroupBy(c => c.AccountNumber!).ToDictionary(g => g.Key, g => g.First());
        var byPhone = existing.GroupBy(c => c.Phone).ToDictionary(g => g.Key, g => g.ToList());
        return (byAccount, byPhone);
    }
}
