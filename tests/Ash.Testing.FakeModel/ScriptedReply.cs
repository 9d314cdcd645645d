namespace Ash.Testing.FakeModel;

/// <summary>An assistant message to send, already cut into the deltas a stream carries.</summary>
internal sealed record ScriptedReply(IReadOnlyList<ReplyBlock> Blocks, string StopReason)
{
    public int OutputTokens
    {
        get
        {
            var characters = 0;
            foreach (var block in Blocks)
            {
                characters += block.Length;
            }

            return Math.Max(1, characters / 4);
        }
    }
}

internal abstract record ReplyBlock
{
    public abstract int Length { get; }
}

/// <summary>A text block; <see cref="DelayBetweenDeltas"/> paces a stream, or delays a whole JSON reply.</summary>
internal sealed record TextReplyBlock(IReadOnlyList<string> Deltas, TimeSpan DelayBetweenDeltas) : ReplyBlock
{
    public string Text => string.Concat(Deltas);

    public override int Length => Text.Length;
}

/// <summary>A tool call; its input JSON is streamed as partial JSON in <see cref="InputJsonDeltas"/>.</summary>
internal sealed record ToolUseReplyBlock(string Id, string Name, IReadOnlyList<string> InputJsonDeltas) : ReplyBlock
{
    public string InputJson => string.Concat(InputJsonDeltas);

    public override int Length => InputJson.Length;
}

internal sealed record ThinkingReplyBlock(string Thinking, string Signature) : ReplyBlock
{
    public override int Length => Thinking.Length;
}
