using Microsoft.EntityFrameworkCore;

namespace WhatsApp.Api.Infrastructure;

public static class DbContextExtensions
{
    /// <summary>
    /// Saves, or returns false when the database refused the write, typically a unique index: another request took the
    /// name between the caller's check and this save, and the caller answers 409 instead of 500.
    /// </summary>
    public static async Task<bool> TrySaveChangesAsync(this DbContext db, CancellationToken ct = default)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }
}
