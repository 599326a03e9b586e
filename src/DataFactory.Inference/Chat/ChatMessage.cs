namespace DataFactory.Inference.Chat;

/// <summary>One turn of a conversation.</summary>
/// <param name="Role">system, user or assistant (other roles pass through where the template allows).</param>
/// <param name="Content">The text of the turn.</param>
public sealed record ChatMessage(string Role, string Content);
