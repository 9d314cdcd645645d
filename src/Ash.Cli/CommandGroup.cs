using System.CommandLine;

namespace Ash.Cli;

// A command that only holds others (`ash keys`, `ash workspace`): run alone, it shows its help.
internal abstract class CommandGroup : Command
{
    protected CommandGroup(string name, string description)
        : base(name, description)
    {
        SetAction(AshHelpAction.Show);
    }
}
