using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataFactory.Storage.Schema;

internal sealed class ProblemAttemptConfiguration : IEntityTypeConfiguration<ProblemAttemptEntity>
{
    public void Configure(EntityTypeBuilder<ProblemAttemptEntity> builder)
    {
        builder.ToTable("problem_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Status)
            .HasConversion(status => ColumnNames.Of(status), name => ColumnNames.ParseAttemptStatus(name))
            .HasMaxLength(16);
        builder.Property(a => a.FailureReason).HasMaxLength(2000);
        builder.HasOne<RunEntity>().WithMany().HasForeignKey(a => a.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProblemEntity>().WithMany().HasForeignKey(a => a.ProblemId).OnDelete(DeleteBehavior.Cascade);

        // The idempotency key: a redelivered message finds its attempt already there and writes nothing.
        builder.HasIndex(a => new { a.RunId, a.ProblemId }).IsUnique();

        // The key a problem's traces refer to; it also serves lookups by problem.
        builder.HasAlternateKey(a => new { a.ProblemId, a.RunId });
    }
}
