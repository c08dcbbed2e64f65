using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Groups;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Customers;

public class CustomerImportTests(SharedApp app) : IClassFixture<SharedApp>
{
    private const string Path = "/api/customers/import";

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string csv, string fileName = "customers.csv", string query = "")
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new("text/csv");
        content.Add(file, "file", fileName);
        return await client.PostAsync(Path + query, content);
    }

    private static List<(int Row, string Field)> Errors(JsonElement result) =>
        result.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString()!)).ToList();

    private Task<Customer?> CustomerAsync(string phone) =>
        app.WithDbAsync(db => db.Set<Customer>().AsNoTracking().SingleOrDefaultAsync(c => c.Phone == phone));

    private Task<List<ConsentRecord>> ConsentAsync(int customerId) =>
        app.WithDbAsync(db => db.Set<ConsentRecord>().AsNoTracking().Where(r => r.CustomerId == customerId).OrderBy(r => r.Id).ToListAsync());

    private static async Task<int> CreateAsync(HttpClient client, string phone, bool optIn = false, string? accountNumber = null, string name = "Stored")
    {
        var created = await (await client.PostAsJsonAsync("/api/customers", new { name, phone, accountNumber, whatsAppOptIn = optIn, email = "stored@example.com" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        return created.GetProperty("customer").GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task Good_rows_are_kept_and_bad_rows_are_reported_by_row_and_field()
    {
        using var admin = await app.AdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (ana, noName, carla, dora) = (TestPhones.Next(), TestPhones.Next(), TestPhones.Next(), TestPhones.Next());
        // A byte order mark, headers in other spellings and cases, an empty line: what spreadsheets write.
        var csv = $"\uFEFFName, PHONE ,E-mail,Account_Number,Plan,language,opt_in,Groups\r\n" +
                  $"Ana Souza,{ana[..5]} {ana[5..]},ana@example.com,ACC-{tag},Fibre 1G,pt_BR,yes,Fibre {tag}; Downtown {tag}\r\n" +
                  $",{noName},,,,,,\r\n" +
                  "Bruno,12345,,,,,,\r\n" +
                  "\r\n" +
                  $"Carla,{carla},not-an-email,,,,maybe,\r\n" +
                  $"Dora,{dora},,,,,,\r\n";

        var result = await (await ImportAsync(admin, csv, "march.csv")).ReadJsonAsync();

        Assert.Equal(2, result.GetProperty("created").GetInt32());
        Assert.Equal(0, result.GetProperty("updated").GetInt32());
        Assert.Equal(3, result.GetProperty("failed").GetInt32());
        Assert.Equal([(3, "name"), (4, "phone"), (6, "email"), (6, "whatsAppOptIn")], Errors(result).OrderBy(e => e.Row).ThenBy(e => e.Field));
        Assert.Null(await CustomerAsync(noName));
        Assert.Null(await CustomerAsync(carla));
        Assert.NotNull(await CustomerAsync(dora));

        var stored = (await CustomerAsync(ana))!;
        Assert.Equal(("Ana Souza", "ana@example.com", $"ACC-{tag}", "Fibre 1G", "pt_BR", true),
            (stored.Name, stored.Email, stored.AccountNumber, stored.Plan, stored.Language, stored.WhatsAppOptIn));
        var detail = await (await admin.GetAsync($"/api/customers/{stored.Id}")).ReadJsonAsync();
        Assert.Equal([$"Downtown {tag}", $"Fibre {tag}"], detail.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Opting_in_by_import_records_consent_with_source_import_the_user_and_the_file()
    {
        using var admin = await app.AdminAsync();
        var phone = TestPhones.Next();
        await ImportAsync(admin, $"name,phone,whatsAppOptIn\nAna,{phone},true\n", "april-consents.csv");

        var customer = (await CustomerAsync(phone))!;
        var record = Assert.Single(await ConsentAsync(customer.Id));
        Assert.True(record.OptedIn);
        Assert.Equal(ConsentSource.Import, record.Source);
        Assert.Equal(AppFactory.AdminEmail, record.Actor);
        Assert.Contains("april-consents.csv", record.Text);
        Assert.Contains(ConsentService.OptInWording, record.Text);
    }

    [Fact]
    public async Task The_opt_in_column_opts_in_and_out_and_a_blank_cell_leaves_consent_alone()
    {
        using var admin = await app.AdminAsync();
        var (stayIn, goOut, comeIn) = (TestPhones.Next(), TestPhones.Next(), TestPhones.Next());
        var stayInId = await CreateAsync(admin, stayIn, optIn: true);
        var goOutId = await CreateAsync(admin, goOut, optIn: true);
        var comeInId = await CreateAsync(admin, comeIn, optIn: false);

        var result = await (await ImportAsync(admin, $"name,phone,optin\nStored,{stayIn},\nStored,{goOut},no\nStored,{comeIn},1\n")).ReadJsonAsync();
        Assert.Equal(2, result.GetProperty("updated").GetInt32());
        Assert.Equal(1, result.GetProperty("unchanged").GetInt32());

        Assert.True((await CustomerAsync(stayIn))!.WhatsAppOptIn);
        Assert.Single(await ConsentAsync(stayInId));
        Assert.False((await CustomerAsync(goOut))!.WhatsAppOptIn);
        var optOut = (await ConsentAsync(goOutId)).Last();
        Assert.Equal((false, ConsentSource.Import), (optOut.OptedIn, optOut.Source));
        Assert.True((await CustomerAsync(comeIn))!.WhatsAppOptIn);
        Assert.Equal(ConsentSource.Import, Assert.Single(await ConsentAsync(comeInId)).Source);
    }

    [Fact]
    public async Task Rows_update_customers_matched_by_account_number_else_by_phone_and_blank_cells_keep_stored_values()
    {
        using var admin = await app.AdminAsync();
        var account = "ACC-" + Guid.NewGuid().ToString("N")[..8];
        var (oldPhone, newPhone, byPhone, same) = (TestPhones.Next(), TestPhones.Next(), TestPhones.Next(), TestPhones.Next());
        var byAccountId = await CreateAsync(admin, oldPhone, accountNumber: account);
        var byPhoneId = await CreateAsync(admin, byPhone);
        await CreateAsync(admin, same);
        var before = await app.WithDbAsync(db => db.Set<Customer>().CountAsync());

        var result = await (await ImportAsync(admin,
            $"name,phone,account number,email,plan\n" +
            $"Moved House,{newPhone},{account},,\n" +
            $"Found By Phone,{byPhone},,,Fibre\n" +
            $"Stored,{same},,,\n")).ReadJsonAsync();

        Assert.Equal((0, 2, 1, 0), (result.GetProperty("created").GetInt32(), result.GetProperty("updated").GetInt32(),
            result.GetProperty("unchanged").GetInt32(), result.GetProperty("failed").GetInt32()));
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<Customer>().CountAsync()));
        var moved = (await CustomerAsync(newPhone))!;
        Assert.Equal((byAccountId, "Moved House", "stored@example.com"), (moved.Id, moved.Name, moved.Email));
        var found = (await CustomerAsync(byPhone))!;
        Assert.Equal((byPhoneId, "Found By Phone", "Fibre"), (found.Id, found.Name, found.Plan));
    }

    [Fact]
    public async Task A_phone_or_account_number_repeated_in_the_file_fails_the_later_row()
    {
        using var admin = await app.AdminAsync();
        var account = "ACC-" + Guid.NewGuid().ToString("N")[..8];
        var (first, second) = (TestPhones.Next(), TestPhones.Next());
        var result = await (await ImportAsync(admin,
            $"name,phone,accountNumber\nFirst,{first},{account}\nSame Phone,{first},\nSame Account,{second},{account}\n")).ReadJsonAsync();

        Assert.Equal(1, result.GetProperty("created").GetInt32());
        Assert.Equal([(3, "phone"), (4, "accountNumber")], Errors(result));
        Assert.Contains("row 2", result.GetProperty("errors")[0].GetProperty("message").GetString());
        Assert.Equal("First", (await CustomerAsync(first))!.Name);
        Assert.Null(await CustomerAsync(second));
    }

    [Fact]
    public async Task Large_files_are_saved_in_batches_with_groups_created_once_and_row_numbers_kept()
    {
        using var admin = await app.AdminAsync();
        var group = "Bulk " + Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder("name,phone,groups\n");
        for (var row = 2; row <= 1201; row++)
            csv.Append($"Customer {row},{(row == 900 ? "not a phone" : TestPhones.Next())},{group}\n");

        var result = await (await ImportAsync(admin, csv.ToString())).ReadJsonAsync();

        Assert.Equal(1199, result.GetProperty("created").GetInt32());
        Assert.Equal([(900, "phone")], Errors(result));
        var groups = await app.WithDbAsync(db => db.Set<CustomerGroup>().Where(g => g.Name == group).Select(g => g.Id).ToListAsync());
        var groupId = Assert.Single(groups);
        Assert.Equal(1199, await app.WithDbAsync(db => db.Set<GroupMember>().CountAsync(m => m.GroupId == groupId)));
    }

    [Fact]
    public async Task A_dry_run_reports_the_same_counts_and_saves_nothing()
    {
        using var admin = await app.AdminAsync();
        var group = "Dry " + Guid.NewGuid().ToString("N")[..8];
        var (fresh, stored) = (TestPhones.Next(), TestPhones.Next());
        var storedId = await CreateAsync(admin, stored);
        var csv = $"name,phone,optin,groups\nFresh,{fresh},yes,{group}\nRenamed,{stored},yes,{group}\nBad,123,,\n";

        var result = await (await ImportAsync(admin, csv, query: "?dryRun=true")).ReadJsonAsync();

        Assert.True(result.GetProperty("dryRun").GetBoolean());
        Assert.Equal((1, 1, 1), (result.GetProperty("created").GetInt32(), result.GetProperty("updated").GetInt32(), result.GetProperty("failed").GetInt32()));
        Assert.Null(await CustomerAsync(fresh));
        Assert.Equal("Stored", (await CustomerAsync(stored))!.Name);
        Assert.Empty(await ConsentAsync(storedId));
        Assert.False(await app.WithDbAsync(db => db.Set<CustomerGroup>().AnyAsync(g => g.Name == group)));
    }

    [Fact]
    public async Task A_row_with_an_unclosed_quote_is_reported_not_guessed()
    {
        using var admin = await app.AdminAsync();
        var (good, broken) = (TestPhones.Next(), TestPhones.Next());
        var result = await (await ImportAsync(admin, $"name,phone\nGood,{good}\n\"Broken,{broken}\n")).ReadJsonAsync();
        Assert.Equal(1, result.GetProperty("created").GetInt32());
        Assert.Equal([(3, "row")], Errors(result));
        Assert.Null(await CustomerAsync(broken));
    }

    [Theory]
    [InlineData("name,email\nAna,ana@example.com\n")]
    [InlineData("phone\n+14155550123\n")]
    [InlineData("")]
    public async Task A_file_without_name_and_phone_headers_is_400_naming_the_file(string csv)
    {
        using var admin = await app.AdminAsync();
        await (await ImportAsync(admin, csv)).AssertFieldErrorAsync("file");
    }

    [Fact]
    public async Task A_request_without_a_file_is_400_naming_the_file()
    {
        using var admin = await app.AdminAsync();
        using var content = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        await (await admin.PostAsync(Path, content)).AssertFieldErrorAsync("file");
    }

    [Theory]
    [InlineData(10 * 1024 * 1024 + 1)]
    [InlineData(12 * 1024 * 1024)]
    public async Task A_file_over_10_MB_is_413(int size)
    {
        using var admin = await app.AdminAsync();
        var bytes = new byte[size];
        Array.Fill(bytes, (byte)'a');
        Encoding.ASCII.GetBytes("name,phone\n").CopyTo(bytes, 0);
        using var content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "big.csv" } };
        await (await admin.PostAsync(Path, content)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Staff_may_import_and_anonymous_gets_401()
    {
        using var staff = await app.StaffAsync();
        var phone = TestPhones.Next();
        var result = await (await ImportAsync(staff, $"name,phone,optin\nBy Staff,{phone},yes\n")).ReadJsonAsync();
        Assert.Equal(1, result.GetProperty("created").GetInt32());
        Assert.StartsWith("staff-", Assert.Single(await ConsentAsync((await CustomerAsync(phone))!.Id)).Actor);

        using var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await ImportAsync(anonymous, $"name,phone\nNobody,{TestPhones.Next()}\n")).StatusCode);
    }
}
