using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataFactory.Storage.Schema;

internal sealed class StepLabelConfiguration : IEntityTypeConfiguration<StepLabelEntity>
{
    public void Configure(EntityTypeBuilder<StepLabelEntity> builder)
    {
        builder.ToTable("step_labels");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Search).HasMaxLength(16);
        builder.Property(l => l.Source).HasMaxLength(16);

        // As for rejected candidates: an optional, smaller table, so a foreign key to the attempt, whose cascade
        // deletes a run's or a problem's labels with its attempts.
        builder.HasOne<ProblemAttemptEntity>().WithMany()
            .HasForeignKey(l => new { l.ProblemId, l.RunId })
            .HasPrincipalKey(a => new { a.ProblemId, a.RunId })
            .OnDelete(DeleteBehavior.Cascade);

        // The exactly-once key: a redelivered or repeated write inserts nothing. The stepwise export reads a run's
        // candidates in this order.
        builder.HasIndex(l => new { l.RunId, l.ProblemId, l.CandidateHash, l.StepIndex }).IsUnique();
    }
}
