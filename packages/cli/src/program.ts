import { Command } from 'commander';
import * as logout from './commands/account/logout.js';
import * as register from './commands/account/register.js';
import * as whoami from './commands/account/whoami.js';
import * as adminAudit from './commands/admin/audit.js';
import * as adminInit from './commands/admin/init.js';
import * as adminPlansCreate from './commands/admin/plans-create.js';
import * as adminPlansList from './commands/admin/plans-list.js';
import * as adminPlansUpdate from './commands/admin/plans-update.js';
import * as adminResetKey from './commands/admin/reset-key.js';
import * as adminTenantsList from './commands/admin/tenants/list.js';
import * as adminTenantsStatus from './commands/admin/tenants/status.js';
import * as adminTenantsSetPlan from './commands/admin/tenants-set-plan.js';
import * as adminUsers from './commands/admin/users.js';
import * as analytics from './commands/analytics/analytics.js';
import * as broadcastsCreate from './commands/broadcasts/create.js';
import * as broadcastsManage from './commands/broadcasts/manage.js';
import * as broadcastsWatch from './commands/broadcasts/watch.js';
import * as channels from './commands/channels/channels.js';
import * as chatsList from './commands/chats/list.js';
import * as chatsPresence from './commands/chats/presence.js';
import * as chatsRead from './commands/chats/read.js';
import * as completion from './commands/completion.js';
import * as contactsBlock from './commands/contacts/block.js';
import * as contactsCheck from './commands/contacts/check.js';
import * as contactsGet from './commands/contacts/get.js';
import * as contactsList from './commands/contacts/list.js';
import * as contactsPresence from './commands/contacts/presence.js';
import * as contactsProfile from './commands/contacts/profile.js';
import * as eventsList from './commands/events/list.js';
import * as groupsCreate from './commands/groups/create.js';
import * as groupsGet from './commands/groups/get.js';
import * as groupsInvite from './commands/groups/invite.js';
import * as groupsJoin from './commands/groups/join.js';
import * as groupsLeave from './commands/groups/leave.js';
import * as groupsList from './commands/groups/list.js';
import * as groupsParticipants from './commands/groups/participants.js';
import * as groupsUpdate from './commands/groups/update.js';
import * as invoicesSettle from './commands/invoices/admin-settle.js';
import * as invoicesDownload from './commands/invoices/download.js';
import * as invoicesList from './commands/invoices/list.js';
import * as invoicesShow from './commands/invoices/show.js';
import * as keysCreate from './commands/keys/create.js';
import * as keysList from './commands/keys/list.js';
import * as keysRevoke from './commands/keys/revoke.js';
import * as keysRotate from './commands/keys/rotate.js';
import * as listen from './commands/listen.js';
import * as login from './commands/login.js';
import * as logsTail from './commands/logs/tail.js';
import * as mediaGet from './commands/media/get.js';
import * as mediaUpload from './commands/media/upload.js';
import * as acceptInvite from './commands/members/accept-invite.js';
import * as membersInvite from './commands/members/invite.js';
import * as membersList from './commands/members/list.js';
import * as membersRemove from './commands/members/remove.js';
import * as membersRole from './commands/members/role.js';
import * as messagesCancel from './commands/messages/cancel.js';
import * as messagesDelete from './commands/messages/delete.js';
import * as messagesEdit from './commands/messages/edit.js';
import * as messagesExport from './commands/messages/export.js';
import * as messagesForward from './commands/messages/forward.js';
import * as messagesGet from './commands/messages/get.js';
import * as messagesList from './commands/messages/list.js';
import * as messagesSearch from './commands/messages/search.js';
import * as changePassword from './commands/password/change-password.js';
import * as resetPassword from './commands/password/reset-password.js';
import * as plansList from './commands/plans/list.js';
import * as profile from './commands/profile/profile.js';
import * as profilesList from './commands/profiles/list.js';
import * as profilesUse from './commands/profiles/use.js';
import * as sendTemplate from './commands/send/template.js';
import * as sendText from './commands/send/text.js';
import * as sendTyped from './commands/send/typed.js';
import * as serve from './commands/serve.js';
import * as sessionsCreate from './commands/sessions/create.js';
import * as sessionsDelete from './commands/sessions/delete.js';
import * as sessionsGet from './commands/sessions/get.js';
import * as sessionsLifecycle from './commands/sessions/lifecycle.js';
import * as sessionsList from './commands/sessions/list.js';
import * as sessionsPacing from './commands/sessions/pacing.js';
import * as sessionsPair from './commands/sessions/pair.js';
import * as sessionsUse from './commands/sessions/use.js';
import * as sim from './commands/sim.js';
import * as subscriptionShow from './commands/subscription/show.js';
import * as templatesCreate from './commands/templates/create.js';
import * as templatesDelete from './commands/templates/delete.js';
import * as templatesGet from './commands/templates/get.js';
import * as templatesList from './commands/templates/list.js';
import * as templatesRender from './commands/templates/render.js';
import * as templatesUpdate from './commands/templates/update.js';
import * as trigger from './commands/trigger.js';
import * as adminUsage from './commands/usage/admin-usage.js';
import * as usage from './commands/usage/usage.js';
import * as webhooksAttempts from './commands/webhooks/attempts.js';
import * as webhooksCreate from './commands/webhooks/create.js';
import * as webhooksDelete from './commands/webhooks/delete.js';
import * as webhooksDeliveries from './commands/webhooks/deliveries.js';
import * as webhooksList from './commands/webhooks/list.js';
import * as webhooksReceive from './commands/webhooks/receive.js';
import * as webhooksRecover from './commands/webhooks/recover.js';
import * as webhooksResend from './commands/webhooks/resend.js';
import * as webhooksRotateSecret from './commands/webhooks/rotate-secret.js';
import * as webhooksSend from './commands/webhooks/send.js';
import * as webhooksSendTest from './commands/webhooks/send-test.js';
import * as webhooksUpdate from './commands/webhooks/update.js';
import type { Context } from './context.js';
import { VERSION } from './version.js';

function group(name: string, description: string, ...leaves: Command[]): Command {
  const cmd = new Command(name).description(description);
  for (const leaf of leaves) cmd.addCommand(leaf);
  return cmd;
}

export interface ProgramOptions {
  /**
   * While this returns true, commander prints nothing of its own on stderr (its parse errors and the
   * help it shows after them): the caller prints the error as JSON instead (see `main`).
   */
  jsonErrors?: () => boolean;
}

/** Settings `addCommand` does not pass down: applied to every command of the tree. */
function configure(cmd: Command, ctx: Context, jsonErrors: () => boolean): void {
  cmd
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => {
        if (!jsonErrors()) ctx.stderr.write(text);
      },
    });
  for (const sub of cmd.commands) configure(sub, ctx, jsonErrors);
}

/** The whole `wagw` command tree, bound to `ctx`. */
export function buildProgram(ctx: Context, options: ProgramOptions = {}): Command {
  const program: Command = new Command('wagw')
    .description('wagw: a self-hostable WhatsApp gateway. Run it, pair sessions, send messages.')
    .version(VERSION, '-v, --version')
    .option('--profile <name>', 'the saved profile to use (default: $WAGW_PROFILE, else the current one)')
    .option('-q, --quiet', 'print only ids (create, get and list commands), for scripts')
    .hook('preAction', (root) => ctx.selectProfile(root.opts<{ profile?: string }>().profile))
    .hook('preAction', (root) => {
      if (root.opts<{ quiet?: boolean }>().quiet) ctx.quiet = true;
    })
    .addCommand(serve.command(ctx))
    .addCommand(sim.command(ctx))
    .addCommand(login.command(ctx))
    .addCommand(register.command(ctx))
    .addCommand(whoami.command(ctx))
    .addCommand(logout.command(ctx))
    .addCommand(changePassword.command(ctx))
    .addCommand(resetPassword.command(ctx))
    .addCommand(acceptInvite.command(ctx))
    .addCommand(
      group('media', 'upload and download media files', mediaUpload.command(ctx), mediaGet.command(ctx)),
    )
    .addCommand(
      group(
        'chats',
        "a session's chats and their unread counts; mark them read, show typing",
        chatsList.command(ctx),
        chatsRead.command(ctx),
        chatsPresence.command(ctx),
      ),
    )
    .addCommand(
      group(
        'contacts',
        "a session's contacts (phone, LID, name); check numbers, block and unblock",
        contactsList.command(ctx),
        contactsGet.command(ctx),
        contactsCheck.command(ctx),
        contactsBlock.command(ctx, true),
        contactsBlock.command(ctx, false),
        contactsProfile.command(ctx),
        contactsPresence.command(ctx),
      ),
    )
    .addCommand(profile.command(ctx))
    .addCommand(
      group(
        'channels',
        'WhatsApp channels (newsletters): the followed and owned ones, create, follow, unfollow',
        ...channels.commands(ctx),
      ),
    )
    .addCommand(
      group(
        'groups',
        "a session's WhatsApp groups: create and change them, manage participants, invite links, join and leave",
        groupsList.command(ctx),
        groupsGet.command(ctx),
        groupsCreate.command(ctx),
        groupsUpdate.command(ctx),
        groupsParticipants.command(ctx, 'add'),
        groupsParticipants.command(ctx, 'remove'),
        groupsParticipants.command(ctx, 'promote'),
        groupsParticipants.command(ctx, 'demote'),
        groupsInvite.command(ctx),
        groupsJoin.command(ctx),
        groupsLeave.command(ctx),
      ),
    )
    .addCommand(
      group(
        'profiles',
        'list and switch saved profiles',
        profilesList.command(ctx),
        profilesUse.command(ctx),
      ),
    )
    .addCommand(
      group(
        'members',
        "manage the tenant's members and invites",
        membersList.command(ctx),
        membersInvite.command(ctx),
        membersRole.command(ctx),
        membersRemove.command(ctx),
      ),
    )
    .addCommand(
      group(
        'admin',
        "set up a wagw database; the platform admin's tenants, plans and audit log",
        adminInit.command(ctx),
        adminResetKey.command(ctx),
        adminUsers.command(ctx),
        group(
          'tenants',
          'list, suspend and reactivate tenants, set their plan (admin key)',
          adminTenantsList.command(ctx),
          adminTenantsStatus.command(ctx, 'suspend'),
          adminTenantsStatus.command(ctx, 'reactivate'),
          adminTenantsSetPlan.command(ctx),
        ),
        group(
          'plans',
          'manage plans (platform admin)',
          adminPlansList.command(ctx),
          adminPlansCreate.command(ctx),
          adminPlansUpdate.command(ctx),
        ),
        group(
          'invoices',
          "every tenant's invoices: list, pay, void",
          invoicesList.adminCommand(ctx),
          invoicesSettle.payCommand(ctx),
          invoicesSettle.voidCommand(ctx),
        ),
        adminUsage.command(ctx),
        adminAudit.command(ctx),
      ),
    )
    .addCommand(plansList.command(ctx))
    .addCommand(subscriptionShow.command(ctx))
    .addCommand(
      group(
        'keys',
        'create, list, rotate and revoke API keys',
        keysCreate.command(ctx),
        keysList.command(ctx),
        keysRotate.command(ctx),
        keysRevoke.command(ctx),
      ),
    )
    .addCommand(
      group(
        'sessions',
        'create and pair sessions (linked WhatsApp accounts)',
        sessionsCreate.command(ctx),
        sessionsList.command(ctx),
        sessionsGet.command(ctx),
        sessionsPacing.command(ctx),
        sessionsPair.command(ctx),
        sessionsLifecycle.command(ctx, 'start'),
        sessionsLifecycle.command(ctx, 'stop'),
        sessionsLifecycle.command(ctx, 'restart'),
        sessionsLifecycle.command(ctx, 'logout'),
        sessionsDelete.command(ctx),
        sessionsUse.command(ctx),
      ),
    )
    .addCommand(
      group(
        'send',
        'send messages of every type',
        sendText.command(ctx),
        ...sendTyped.commands(ctx),
        sendTemplate.command(ctx),
      ),
    )
    .addCommand(
      group(
        'messages',
        'look up messages; edit, delete, forward and cancel them',
        messagesList.command(ctx),
        messagesSearch.command(ctx),
        messagesExport.command(ctx),
        messagesGet.command(ctx),
        messagesEdit.command(ctx),
        messagesDelete.command(ctx),
        messagesForward.command(ctx),
        messagesCancel.command(ctx),
      ),
    )
    .addCommand(group('events', 'read the event log', eventsList.command(ctx)))
    .addCommand(
      group(
        'templates',
        'message templates with {{placeholders}}: create, list, preview',
        templatesCreate.command(ctx),
        templatesList.command(ctx),
        templatesGet.command(ctx),
        templatesUpdate.command(ctx),
        templatesDelete.command(ctx),
        templatesRender.command(ctx),
      ),
    )
    .addCommand(
      group(
        'broadcasts',
        'one message to many recipients (CSV), at a pace, with live progress',
        broadcastsCreate.command(ctx),
        ...broadcastsManage.commands(ctx),
        broadcastsWatch.command(ctx),
      ),
    )
    .addCommand(
      group(
        'webhooks',
        'manage webhook endpoints; send and receive test webhooks locally',
        webhooksCreate.command(ctx),
        webhooksList.command(ctx),
        webhooksUpdate.command(ctx),
        webhooksDelete.command(ctx),
        webhooksRotateSecret.command(ctx),
        webhooksSendTest.command(ctx),
        webhooksDeliveries.command(ctx),
        webhooksAttempts.command(ctx),
        webhooksResend.command(ctx),
        webhooksRecover.command(ctx),
        webhooksReceive.command(ctx),
        webhooksSend.command(ctx),
      ),
    )
    .addCommand(usage.command(ctx))
    .addCommand(
      group(
        'invoices',
        'your invoices: list, show, download',
        invoicesList.command(ctx),
        invoicesShow.command(ctx),
        invoicesDownload.command(ctx),
      ),
    )
    .addCommand(analytics.command(ctx))
    .addCommand(listen.command(ctx))
    .addCommand(trigger.command(ctx))
    .addCommand(completion.command(ctx, (): Command => program))
    .addCommand(group('logs', "the tenant's API request log", logsTail.command(ctx)));
  program.addHelpText(
    'after',
    `
Getting started (no phone needed, with the sandbox engine):
  $ wagw serve                                   # prints the admin key on first start
  $ wagw login --url http://127.0.0.1:3000       # asks for that key (hidden)
  $ wagw sessions create --name demo             # prints ses_…
  $ wagw sessions pair ses_… --scan
  $ wagw send text --session ses_… --to +15551234567 --text "Hello" --wait read

Every command takes --json. Exit codes: 0 ok, 1 error, 2 cancelled, 4 not logged in / key rejected.
With --json, results are JSON on stdout and an error is one JSON line on stderr:
  {"error":{"code":"…","message":"…","request_id":"…"}}
Configuration: --url/--api-key flags, then WAGW_URL/WAGW_API_KEY, then the profile saved by \`wagw login\`
(--profile NAME or WAGW_PROFILE picks a named one; \`wagw profiles list\` shows them).
`,
  );
  configure(program, ctx, options.jsonErrors ?? (() => false));
  return program;
}
