using Microsoft.EntityFrameworkCore;

namespace QueryDoctor.EntityFrameworkCore.Tests.Precision;

/// <summary>The service and repository methods real applications call from loops.</summary>
public sealed class BlogRepository(BlogContext context)
{
    public Task<string> GetNameAsync(int userId) =>
        context.Users.Where(u => u.Id == userId).Select(u => u.Name).FirstAsync();

    public Task<Blog?> FindBlogAsync(int id) => context.Blogs.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id);
}
