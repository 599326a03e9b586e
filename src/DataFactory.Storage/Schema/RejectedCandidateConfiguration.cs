using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataFactory.Storage.Schema;

internal sealed class RejectedCandidateConfiguration : IEntityTypeConfiguration<RejectedCandidateEntity>
{
    public void Configure(EntityTypeBuilder<RejectedCandidateEntity> builder)
    {
        builder.ToTable("candidates_rejected");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Verdict).HasMaxLength(16);
        builder.Property(c => c.Reason).HasMaxLength(400);
        builder.Property(c => c.Verifier).HasMaxLength(64);

        // Unlike traces, a foreign key to the attempt: the table is optional and smaller, and the
        // cascade deletes a run's or a problem's rejected candidates with its attempts without a trigger.
        builder.HasOne<ProblemAttemptEntity>().WithMany()
            .HasForeignKey(c => new { c.ProblemId, c.RunId })
            .HasPrincipalKey(a => new { a.ProblemId, a.RunId })
            .OnDelete(DeleteBehavior.Cascade);

        // One copy of a wrong text per problem, whichever run produced it first; export and regrade
        // read a problem's rejected candidates by this index.
        builder.HasIndex(c => new { c.ProblemId, c.CandidateHash }).IsUnique();
    }
}
