
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'fed' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'fed'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'fed' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a federation: the folder layout and a commented config.yaml')
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'Add, list, claim and finish tasks')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'The federation at a glance: paused or not, counts per status, ready tasks, per-agent load, blocked and stranded tasks, expired leases, active votes')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the federation (overseer): claims exit 4 and nothing is queued automatically until `fed resume`. Everything else keeps working')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused federation (overseer)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a federation, for CI: bad or unreadable task and vote files, a task or vote in two folders, dangling dependencies, cycles, stranded tasks, expired leases, handoff rules that can loop')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the event log, newest last')
            [CompletionResult]::new('route', 'route', [CompletionResultType]::ParameterValue, 'Recommend an agent for a task description')
            [CompletionResult]::new('analytics', 'analytics', [CompletionResultType]::ParameterValue, 'Who does which kind of work best, and how the federation is doing')
            [CompletionResult]::new('vote', 'vote', [CompletionResultType]::ParameterValue, 'Create votes, cast ballots, resolve them by the rules, override them')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Import a markdown plan as tasks, and export tasks as a plan')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (also committed under completions/)')
            [CompletionResult]::new('board', 'board', [CompletionResultType]::ParameterValue, 'Open work as columns: ready, waiting on dependencies, in progress (holder, lease left), blocked (reason, age, escalation) and recently finished')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'The dependency graph: of one task (what it waits on and what waits on it, transitively), or of all open work. Each task is shown with its short id, title and state')
            [CompletionResult]::new('inbox', 'inbox', [CompletionResultType]::ParameterValue, 'Everything waiting on an overseer, each with its age and the command that resolves it: escalated votes, blocked tasks (longest first), stranded and failed tasks, expired leases, tasks the router left for anyone, handoffs held by a pause')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'A local web dashboard: the board, the dependency graph, agents with their load and recent outcomes, votes with their ballots, analytics and the event log, updated live as the federation changes')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a manual page, or write every page to a directory')
            [CompletionResult]::new('remote', 'remote', [CompletionResultType]::ParameterValue, 'Share this federation through a git remote (see docs/machines.md)')
            [CompletionResult]::new('clone', 'clone', [CompletionResultType]::ParameterValue, 'Make a local federation from one shared through a git remote')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Bring this federation level with its remote, and publish what waits')
            [CompletionResult]::new('work', 'work', [CompletionResultType]::ParameterValue, 'Run COMMAND for each task you claim: the worker loop')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve fed''s operations as MCP tools on stdin/stdout')
            [CompletionResult]::new('prime', 'prime', [CompletionResultType]::ParameterValue, 'A short guide for an agent starting a session: who it is, the commands and exit codes it needs, its tasks in progress and what is ready for it now. Meant to be pasted into the agent''s context')
            [CompletionResult]::new('conflicts', 'conflicts', [CompletionResultType]::ParameterValue, 'Tasks in progress whose reserved files (queue add --files) overlap, and with --since, tasks in progress whose files were changed by commits since REV (each gets a files-touched event in the log, so its holder learns of it)')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Measure the federation against its goals (config `goals:`)')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Wait until every selected task is finished')
            [CompletionResult]::new('agents', 'agents', [CompletionResultType]::ParameterValue, 'Every agent with its availability, its work and its record')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Say that you (or, for an overseer, another agent) are away or back')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fed;init' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Create .federation/ here even inside the tree of another federation (which every command run below would otherwise find)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Queue a task; prints its id alone on stdout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tasks as a table (default: pending, in progress and blocked)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one task in full (id or unique suffix)')
            [CompletionResult]::new('claim', 'claim', [CompletionResultType]::ParameterValue, 'Claim the best ready task for you (or a named one); prints its id')
            [CompletionResult]::new('heartbeat', 'heartbeat', [CompletionResultType]::ParameterValue, 'Renew your lease on a task you hold (exit 5 if you no longer hold it)')
            [CompletionResult]::new('complete', 'complete', [CompletionResultType]::ParameterValue, 'Finish a task you hold, as done (or failed with --failed)')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'Give a task you hold back to the queue (pending again)')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Set a pending or in-progress task aside until `fed queue unblock`')
            [CompletionResult]::new('unblock', 'unblock', [CompletionResultType]::ParameterValue, 'Return a blocked task to the state it was blocked from')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a task (overseer or the task''s creator)')
            [CompletionResult]::new('assign', 'assign', [CompletionResultType]::ParameterValue, 'Re-target a pending task to another agent (overseer)')
            [CompletionResult]::new('reap', 'reap', [CompletionResultType]::ParameterValue, 'Return tasks whose lease expired to the queue (or fail them after leases.max_attempts claims); prints what moved')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change an unfinished task: its creator, its lead or an overseer (and the agent holding it in progress)')
            [CompletionResult]::new('lead', 'lead', [CompletionResultType]::ParameterValue, 'Name the agent leading a task (`none` for no lead); the lead may then edit and cancel it, and `queue list --lead AGENT` finds it')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Put a failed or cancelled task back in the queue (pending again)')
            [CompletionResult]::new('note', 'note', [CompletionResultType]::ParameterValue, 'Add a note to a task''s thread (any agent, any task, finished ones too); `queue show` prints the thread')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fed;queue;add' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Queue every task of a JSON array instead (one transaction each; the ids are printed in order): [{"description": ..., "title", "type", "to", "from", "lead", "priority", "after": [..], "context": {..}, "id", "files": [..], "check"}, ...]')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'A short title (default: the first line of the description)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The kind of work: research, implement, review, docs, ... [default: general]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The agent it is for (default: anyone)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Who queues it (default: --agent)')
            [CompletionResult]::new('--lead', '--lead', [CompletionResultType]::ParameterName, 'The agent leading the larger piece of work')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'critical, high, normal or low')
            [CompletionResult]::new('--after', '--after', [CompletionResultType]::ParameterName, 'A task that must be done first (repeatable; id or unique suffix)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Extra context as KEY=VALUE (repeatable)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Use this id instead of a generated one')
            [CompletionResult]::new('--reworks', '--reworks', [CompletionResultType]::ParameterName, 'The finished task this one fixes (counts against whoever finished it)')
            [CompletionResult]::new('--files', '--files', [CompletionResultType]::ParameterName, 'Files the task will touch, as paths or globs (src/queue/*.rs): a claim passes over it while a task in progress reserves an overlapping file')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'A shell command that accepts the work: `fed work` runs it after the task''s command and fails the task if it fails')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;list' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'completed is done + failed + cancelled')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Tasks addressed to or held by AGENT')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only tasks of this type')
            [CompletionResult]::new('--lead', '--lead', [CompletionResultType]::ParameterName, 'Only tasks led by AGENT')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('--ready', '--ready', [CompletionResultType]::ParameterName, 'Only ready tasks: pending, dependencies done, no reserved file in use')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;show' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;claim' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only tasks of this type')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until a task can be claimed, at most DURATION (90s, 30m, 2h; none: for ever). Name a task before --wait, not after it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;heartbeat' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Only if you hold this exact claim (the lease token `queue claim --json` shows): for several workers sharing one agent name')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;complete' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'What came of it')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Only if you hold this exact claim (the lease token `queue claim --json` shows): for several workers sharing one agent name')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('--failed', '--failed', [CompletionResultType]::ParameterName, 'Record the task as failed instead of done')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;release' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Only if you hold this exact claim (the lease token `queue claim --json` shows): for several workers sharing one agent name')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;block' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why it cannot go on')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;unblock' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;cancel' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('--cascade', '--cascade', [CompletionResultType]::ParameterName, 'Also cancel every task that depends on it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;assign' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;reap' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;edit' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'A new title')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A new description')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'A new type: research, implement, review, docs, ...')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'critical, high, normal or low')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The agent it is for, or `none` for anyone')
            [CompletionResult]::new('--lead', '--lead', [CompletionResultType]::ParameterName, 'The agent leading it, or `none`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Set a context key (repeatable); KEY= removes it')
            [CompletionResult]::new('--after', '--after', [CompletionResultType]::ParameterName, 'Also wait for this task (repeatable; id or unique suffix)')
            [CompletionResult]::new('--drop-after', '--drop-after', [CompletionResultType]::ParameterName, 'Wait for this task no longer (repeatable)')
            [CompletionResult]::new('--files', '--files', [CompletionResultType]::ParameterName, 'The files it will touch, as paths or globs, replacing those it reserved (`--files none`: no reservation)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;lead' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;retry' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;note' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;queue;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Queue a task; prints its id alone on stdout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tasks as a table (default: pending, in progress and blocked)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one task in full (id or unique suffix)')
            [CompletionResult]::new('claim', 'claim', [CompletionResultType]::ParameterValue, 'Claim the best ready task for you (or a named one); prints its id')
            [CompletionResult]::new('heartbeat', 'heartbeat', [CompletionResultType]::ParameterValue, 'Renew your lease on a task you hold (exit 5 if you no longer hold it)')
            [CompletionResult]::new('complete', 'complete', [CompletionResultType]::ParameterValue, 'Finish a task you hold, as done (or failed with --failed)')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'Give a task you hold back to the queue (pending again)')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Set a pending or in-progress task aside until `fed queue unblock`')
            [CompletionResult]::new('unblock', 'unblock', [CompletionResultType]::ParameterValue, 'Return a blocked task to the state it was blocked from')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a task (overseer or the task''s creator)')
            [CompletionResult]::new('assign', 'assign', [CompletionResultType]::ParameterValue, 'Re-target a pending task to another agent (overseer)')
            [CompletionResult]::new('reap', 'reap', [CompletionResultType]::ParameterValue, 'Return tasks whose lease expired to the queue (or fail them after leases.max_attempts claims); prints what moved')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change an unfinished task: its creator, its lead or an overseer (and the agent holding it in progress)')
            [CompletionResult]::new('lead', 'lead', [CompletionResultType]::ParameterValue, 'Name the agent leading a task (`none` for no lead); the lead may then edit and cancel it, and `queue list --lead AGENT` finds it')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Put a failed or cancelled task back in the queue (pending again)')
            [CompletionResult]::new('note', 'note', [CompletionResultType]::ParameterValue, 'Add a note to a task''s thread (any agent, any task, finished ones too); `queue show` prints the thread')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fed;queue;help;add' {
            break
        }
        'fed;queue;help;list' {
            break
        }
        'fed;queue;help;show' {
            break
        }
        'fed;queue;help;claim' {
            break
        }
        'fed;queue;help;heartbeat' {
            break
        }
        'fed;queue;help;complete' {
            break
        }
        'fed;queue;help;release' {
            break
        }
        'fed;queue;help;block' {
            break
        }
        'fed;queue;help;unblock' {
            break
        }
        'fed;queue;help;cancel' {
            break
        }
        'fed;queue;help;assign' {
            break
        }
        'fed;queue;help;reap' {
            break
        }
        'fed;queue;help;edit' {
            break
        }
        'fed;queue;help;lead' {
            break
        }
        'fed;queue;help;retry' {
            break
        }
        'fed;queue;help;note' {
            break
        }
        'fed;queue;help;help' {
            break
        }
        'fed;status' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;pause' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, shown by `fed status` and in refusals')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;resume' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;check' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;log' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Only the last N events')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Only the last N events')
            [CompletionResult]::new('--task', '--task', [CompletionResultType]::ParameterName, 'Only events about this task (id or unique suffix)')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Only events by this agent')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, '`text` (a table) or `markdown` (for people: a heading per day, one line per event, user text escaped; what config log.markdown keeps)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events since a duration ago (7d, 24h), a day (2026-11-01) or a time (RFC 3339)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep printing events as they are appended, one a line (with --json, one JSON object a line), until interrupted')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep printing events as they are appended, one a line (with --json, one JSON object a line), until interrupted')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;route' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The task''s type (its analytics boost then applies)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Show where each score came from: past tasks, rules, boosts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Held-out accuracy of the router against the keyword rules alone (k-fold cross-validation over routing-history.jsonl)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fed;route;eval' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--folds', '--folds', [CompletionResultType]::ParameterName, 'How many folds')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;route;help' {
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Held-out accuracy of the router against the keyword rules alone (k-fold cross-validation over routing-history.jsonl)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fed;route;help;eval' {
            break
        }
        'fed;route;help;help' {
            break
        }
        'fed;analytics' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only tasks and votes since a duration ago (7d, 24h), a day (2026-11-01) or a time (RFC 3339)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;vote' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Ask the agents a question; prints the vote id alone on stdout')
            [CompletionResult]::new('cast', 'cast', [CompletionResultType]::ParameterValue, 'Cast (or recast) your ballot on an active vote')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Resolve a vote by the rules, or every vote past its deadline')
            [CompletionResult]::new('override', 'override', [CompletionResultType]::ParameterValue, 'Set a vote''s result (overseer), before or after it is resolved')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List votes as a table (default: active ones)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one vote in full: question, options with their tally, ballots and reasoning, outcome')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fed;vote;create' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--option', '--option', [CompletionResultType]::ParameterName, 'A possible answer (give two or more)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'A document the voters should read')
            [CompletionResult]::new('--deadline', '--deadline', [CompletionResultType]::ParameterName, 'When it closes: a duration from now (90s, 30m, 2h, 1d) or an RFC 3339 time')
            [CompletionResult]::new('--quorum', '--quorum', [CompletionResultType]::ParameterName, 'Ballots needed before it can be decided [default: votes.quorum]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('--high-stakes', '--high-stakes', [CompletionResultType]::ParameterName, 'Always escalate to the overseers, with the ballots as a recommendation')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;vote;cast' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--choice', '--choice', [CompletionResultType]::ParameterName, 'One of the vote''s options')
            [CompletionResult]::new('--confidence', '--confidence', [CompletionResultType]::ParameterName, 'How sure you are, from 0 to 1')
            [CompletionResult]::new('--reasoning', '--reasoning', [CompletionResultType]::ParameterName, 'Why')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;vote;resolve' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'Every active vote whose deadline has passed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;vote;override' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--choice', '--choice', [CompletionResultType]::ParameterName, 'The option that stands')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;vote;list' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'resolved is every state but active')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;vote;show' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;vote;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Ask the agents a question; prints the vote id alone on stdout')
            [CompletionResult]::new('cast', 'cast', [CompletionResultType]::ParameterValue, 'Cast (or recast) your ballot on an active vote')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Resolve a vote by the rules, or every vote past its deadline')
            [CompletionResult]::new('override', 'override', [CompletionResultType]::ParameterValue, 'Set a vote''s result (overseer), before or after it is resolved')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List votes as a table (default: active ones)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one vote in full: question, options with their tally, ballots and reasoning, outcome')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fed;vote;help;create' {
            break
        }
        'fed;vote;help;cast' {
            break
        }
        'fed;vote;help;resolve' {
            break
        }
        'fed;vote;help;override' {
            break
        }
        'fed;vote;help;list' {
            break
        }
        'fed;vote;help;show' {
            break
        }
        'fed;vote;help;help' {
            break
        }
        'fed;plan' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Make a markdown plan''s checklist items (and work tables) tasks, or bring the tasks up to date with the plan')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the federation''s tasks as a markdown checklist, grouped by phase, `- [x]` for done tasks (cancelled tasks are left out)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fed;plan;import' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The agent for items that name none (`@agent`)')
            [CompletionResult]::new('--lead', '--lead', [CompletionResultType]::ParameterName, 'The lead of the tasks it creates')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The type of items that name none (`#type`) [default: general]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what the import would do, and change nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;plan;export' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the checklist to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the checklist to FILE instead of stdout')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Only the tasks imported from this plan')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;plan;help' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Make a markdown plan''s checklist items (and work tables) tasks, or bring the tasks up to date with the plan')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the federation''s tasks as a markdown checklist, grouped by phase, `- [x]` for done tasks (cancelled tasks are left out)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fed;plan;help;import' {
            break
        }
        'fed;plan;help;export' {
            break
        }
        'fed;plan;help;help' {
            break
        }
        'fed;completions' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;board' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Only tasks addressed to or held by AGENT')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;graph' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'tree, dot or mermaid')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;inbox' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;serve' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'The address to listen on (a non-loopback address shows the federation to the network)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The port (0: any free port)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The token for the buttons (default: a random one; required with --allow-actions on a non-loopback --bind)')
            [CompletionResult]::new('--sync-every', '--sync-every', [CompletionResultType]::ParameterName, 'With a git remote: how often to sync, so that other machines'' changes show (and this machine''s log lines reach them)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('--allow-actions', '--allow-actions', [CompletionResultType]::ParameterName, 'Add the overseer''s buttons, acting as --agent, guarded by a token')
            [CompletionResult]::new('--no-sync', '--no-sync', [CompletionResultType]::ParameterName, 'With a git remote: never sync (the page shows what other commands bring)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write every page (fed.1, fed-queue.1, fed-queue-claim.1, ...) to DIR')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;remote' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Share this federation through a branch of a git repository')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the remote this federation is shared through (no network)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop sharing this federation: forget the remote and remove the replica')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fed;remote;set' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'The branch that holds the federation')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('--join', '--join', [CompletionResultType]::ParameterName, 'When the branch already holds another federation, follow it: its tasks come here, and tasks only this directory has are published')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;remote;show' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;remote;remove' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;remote;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Share this federation through a branch of a git repository')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the remote this federation is shared through (no network)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop sharing this federation: forget the remote and remove the replica')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fed;remote;help;set' {
            break
        }
        'fed;remote;help;show' {
            break
        }
        'fed;remote;help;remove' {
            break
        }
        'fed;remote;help;help' {
            break
        }
        'fed;clone' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'The branch that holds the federation')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;sync' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('--fold', '--fold', [CompletionResultType]::ParameterName, 'Fold every task and vote whose ref has not moved for ten minutes (plus leases.skew) into the archive now, however few')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;work' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only tasks of this type')
            [CompletionResult]::new('--max', '--max', [CompletionResultType]::ParameterName, 'Run at most N tasks, then exit')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Exit when no task could be claimed for this long (default: wait for ever); exit 3 if no task was run at all')
            [CompletionResult]::new('--grace', '--grace', [CompletionResultType]::ParameterName, 'How long a command has to exit after SIGTERM before SIGKILL, when fed work itself is stopped')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('--once', '--once', [CompletionResultType]::ParameterName, 'Run one task, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;mcp' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;prime' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;conflicts' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'A git revision: report tasks in progress whose files changed since')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;report' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'The window''s start: a duration back from now (7d, 24h), a day (2026-11-01) or a time (RFC 3339)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;wait' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Every task whose context has KEY=VALUE')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Every task imported from this plan file')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up after this long (exit 3); default: wait for ever')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every task open now (pending, in progress, blocked)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;agents' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;agent' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('away', 'away', [CompletionResultType]::ParameterValue, 'Stop being routed work: away for a while, until a time, or until `fed agent back`')
            [CompletionResult]::new('back', 'back', [CompletionResultType]::ParameterValue, 'Take work again after `fed agent away`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fed;agent;away' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Away for this long')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Away until this time (RFC 3339)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (shown by fed agents and route --explain)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Another agent (overseers only)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;agent;back' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Who you are: the agent name commands act as')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (auto: on a terminal, unless NO_COLOR is set)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Another agent (overseers only)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)')
            [CompletionResult]::new('--full-ids', '--full-ids', [CompletionResultType]::ParameterName, 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fed;agent;help' {
            [CompletionResult]::new('away', 'away', [CompletionResultType]::ParameterValue, 'Stop being routed work: away for a while, until a time, or until `fed agent back`')
            [CompletionResult]::new('back', 'back', [CompletionResultType]::ParameterValue, 'Take work again after `fed agent away`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fed;agent;help;away' {
            break
        }
        'fed;agent;help;back' {
            break
        }
        'fed;agent;help;help' {
            break
        }
        'fed;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a federation: the folder layout and a commented config.yaml')
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'Add, list, claim and finish tasks')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'The federation at a glance: paused or not, counts per status, ready tasks, per-agent load, blocked and stranded tasks, expired leases, active votes')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the federation (overseer): claims exit 4 and nothing is queued automatically until `fed resume`. Everything else keeps working')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused federation (overseer)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Validate a federation, for CI: bad or unreadable task and vote files, a task or vote in two folders, dangling dependencies, cycles, stranded tasks, expired leases, handoff rules that can loop')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the event log, newest last')
            [CompletionResult]::new('route', 'route', [CompletionResultType]::ParameterValue, 'Recommend an agent for a task description')
            [CompletionResult]::new('analytics', 'analytics', [CompletionResultType]::ParameterValue, 'Who does which kind of work best, and how the federation is doing')
            [CompletionResult]::new('vote', 'vote', [CompletionResultType]::ParameterValue, 'Create votes, cast ballots, resolve them by the rules, override them')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Import a markdown plan as tasks, and export tasks as a plan')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (also committed under completions/)')
            [CompletionResult]::new('board', 'board', [CompletionResultType]::ParameterValue, 'Open work as columns: ready, waiting on dependencies, in progress (holder, lease left), blocked (reason, age, escalation) and recently finished')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'The dependency graph: of one task (what it waits on and what waits on it, transitively), or of all open work. Each task is shown with its short id, title and state')
            [CompletionResult]::new('inbox', 'inbox', [CompletionResultType]::ParameterValue, 'Everything waiting on an overseer, each with its age and the command that resolves it: escalated votes, blocked tasks (longest first), stranded and failed tasks, expired leases, tasks the router left for anyone, handoffs held by a pause')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'A local web dashboard: the board, the dependency graph, agents with their load and recent outcomes, votes with their ballots, analytics and the event log, updated live as the federation changes')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print a manual page, or write every page to a directory')
            [CompletionResult]::new('remote', 'remote', [CompletionResultType]::ParameterValue, 'Share this federation through a git remote (see docs/machines.md)')
            [CompletionResult]::new('clone', 'clone', [CompletionResultType]::ParameterValue, 'Make a local federation from one shared through a git remote')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Bring this federation level with its remote, and publish what waits')
            [CompletionResult]::new('work', 'work', [CompletionResultType]::ParameterValue, 'Run COMMAND for each task you claim: the worker loop')
            [CompletionResult]::new('mcp', 'mcp', [CompletionResultType]::ParameterValue, 'Serve fed''s operations as MCP tools on stdin/stdout')
            [CompletionResult]::new('prime', 'prime', [CompletionResultType]::ParameterValue, 'A short guide for an agent starting a session: who it is, the commands and exit codes it needs, its tasks in progress and what is ready for it now. Meant to be pasted into the agent''s context')
            [CompletionResult]::new('conflicts', 'conflicts', [CompletionResultType]::ParameterValue, 'Tasks in progress whose reserved files (queue add --files) overlap, and with --since, tasks in progress whose files were changed by commits since REV (each gets a files-touched event in the log, so its holder learns of it)')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Measure the federation against its goals (config `goals:`)')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Wait until every selected task is finished')
            [CompletionResult]::new('agents', 'agents', [CompletionResultType]::ParameterValue, 'Every agent with its availability, its work and its record')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'Say that you (or, for an overseer, another agent) are away or back')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fed;help;init' {
            break
        }
        'fed;help;queue' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Queue a task; prints its id alone on stdout')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List tasks as a table (default: pending, in progress and blocked)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one task in full (id or unique suffix)')
            [CompletionResult]::new('claim', 'claim', [CompletionResultType]::ParameterValue, 'Claim the best ready task for you (or a named one); prints its id')
            [CompletionResult]::new('heartbeat', 'heartbeat', [CompletionResultType]::ParameterValue, 'Renew your lease on a task you hold (exit 5 if you no longer hold it)')
            [CompletionResult]::new('complete', 'complete', [CompletionResultType]::ParameterValue, 'Finish a task you hold, as done (or failed with --failed)')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'Give a task you hold back to the queue (pending again)')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Set a pending or in-progress task aside until `fed queue unblock`')
            [CompletionResult]::new('unblock', 'unblock', [CompletionResultType]::ParameterValue, 'Return a blocked task to the state it was blocked from')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a task (overseer or the task''s creator)')
            [CompletionResult]::new('assign', 'assign', [CompletionResultType]::ParameterValue, 'Re-target a pending task to another agent (overseer)')
            [CompletionResult]::new('reap', 'reap', [CompletionResultType]::ParameterValue, 'Return tasks whose lease expired to the queue (or fail them after leases.max_attempts claims); prints what moved')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change an unfinished task: its creator, its lead or an overseer (and the agent holding it in progress)')
            [CompletionResult]::new('lead', 'lead', [CompletionResultType]::ParameterValue, 'Name the agent leading a task (`none` for no lead); the lead may then edit and cancel it, and `queue list --lead AGENT` finds it')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Put a failed or cancelled task back in the queue (pending again)')
            [CompletionResult]::new('note', 'note', [CompletionResultType]::ParameterValue, 'Add a note to a task''s thread (any agent, any task, finished ones too); `queue show` prints the thread')
            break
        }
        'fed;help;queue;add' {
            break
        }
        'fed;help;queue;list' {
            break
        }
        'fed;help;queue;show' {
            break
        }
        'fed;help;queue;claim' {
            break
        }
        'fed;help;queue;heartbeat' {
            break
        }
        'fed;help;queue;complete' {
            break
        }
        'fed;help;queue;release' {
            break
        }
        'fed;help;queue;block' {
            break
        }
        'fed;help;queue;unblock' {
            break
        }
        'fed;help;queue;cancel' {
            break
        }
        'fed;help;queue;assign' {
            break
        }
        'fed;help;queue;reap' {
            break
        }
        'fed;help;queue;edit' {
            break
        }
        'fed;help;queue;lead' {
            break
        }
        'fed;help;queue;retry' {
            break
        }
        'fed;help;queue;note' {
            break
        }
        'fed;help;status' {
            break
        }
        'fed;help;pause' {
            break
        }
        'fed;help;resume' {
            break
        }
        'fed;help;check' {
            break
        }
        'fed;help;log' {
            break
        }
        'fed;help;route' {
            break
        }
        'fed;help;analytics' {
            break
        }
        'fed;help;vote' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Ask the agents a question; prints the vote id alone on stdout')
            [CompletionResult]::new('cast', 'cast', [CompletionResultType]::ParameterValue, 'Cast (or recast) your ballot on an active vote')
            [CompletionResult]::new('resolve', 'resolve', [CompletionResultType]::ParameterValue, 'Resolve a vote by the rules, or every vote past its deadline')
            [CompletionResult]::new('override', 'override', [CompletionResultType]::ParameterValue, 'Set a vote''s result (overseer), before or after it is resolved')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List votes as a table (default: active ones)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one vote in full: question, options with their tally, ballots and reasoning, outcome')
            break
        }
        'fed;help;vote;create' {
            break
        }
        'fed;help;vote;cast' {
            break
        }
        'fed;help;vote;resolve' {
            break
        }
        'fed;help;vote;override' {
            break
        }
        'fed;help;vote;list' {
            break
        }
        'fed;help;vote;show' {
            break
        }
        'fed;help;plan' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Make a markdown plan''s checklist items (and work tables) tasks, or bring the tasks up to date with the plan')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the federation''s tasks as a markdown checklist, grouped by phase, `- [x]` for done tasks (cancelled tasks are left out)')
            break
        }
        'fed;help;plan;import' {
            break
        }
        'fed;help;plan;export' {
            break
        }
        'fed;help;completions' {
            break
        }
        'fed;help;board' {
            break
        }
        'fed;help;graph' {
            break
        }
        'fed;help;inbox' {
            break
        }
        'fed;help;serve' {
            break
        }
        'fed;help;man' {
            break
        }
        'fed;help;remote' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Share this federation through a branch of a git repository')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show the remote this federation is shared through (no network)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Stop sharing this federation: forget the remote and remove the replica')
            break
        }
        'fed;help;remote;set' {
            break
        }
        'fed;help;remote;show' {
            break
        }
        'fed;help;remote;remove' {
            break
        }
        'fed;help;clone' {
            break
        }
        'fed;help;sync' {
            break
        }
        'fed;help;work' {
            break
        }
        'fed;help;mcp' {
            break
        }
        'fed;help;prime' {
            break
        }
        'fed;help;conflicts' {
            break
        }
        'fed;help;report' {
            break
        }
        'fed;help;wait' {
            break
        }
        'fed;help;agents' {
            break
        }
        'fed;help;agent' {
            [CompletionResult]::new('away', 'away', [CompletionResultType]::ParameterValue, 'Stop being routed work: away for a while, until a time, or until `fed agent back`')
            [CompletionResult]::new('back', 'back', [CompletionResultType]::ParameterValue, 'Take work again after `fed agent away`')
            break
        }
        'fed;help;agent;away' {
            break
        }
        'fed;help;agent;back' {
            break
        }
        'fed;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
