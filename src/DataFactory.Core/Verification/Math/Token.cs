namespace DataFactory.Core.Verification.MathAnswers;

/// <summary>
/// One lexed token. <see cref="Text"/> holds a number's digits (normalised: no separators), a name or a
/// word; <see cref="Op"/> the operator symbol of relations and set operators.
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Text = "", char Op = '\0', bool SpaceBefore = false);
