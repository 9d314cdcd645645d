"""Agents: deploy, read, change, delete; their files, config and versions."""

from __future__ import annotations

import os

from .._call import Call, content, member, model, models, nothing, route
from .._operation import operation
from .._wire import JsonValue, body
from ..agent_folder import read_agent_folder
from ..models import Agent, AgentFileContent, AgentFileDeleted, AgentFilesWritten, AgentVersion, FileEntry
from ._files import FileContents, upload_list

_AGENT = "/api/agents/{}"
_FILE = "/api/agents/{}/files/{path}"
_VERSION = "/api/agents/{}/versions/{}"


class AgentRoutes:
    @operation("deployAgent")
    def deploy_agent(self, name: str, path: str, *, env: dict[str, str] | None = None, model: str | None = None) -> Call[Agent]:
        """Deploys (or redeploys) an agent from a folder on the server's machine (absolute ``path``, holding a
        ``CLAUDE.md``). A redeploy that changes the content, env or model makes a new active version."""
        return Call("POST", "/api/agents", _agent, json=body(name=name, path=path, env=env, model=model))

    @operation("deployAgent", local=("directory",), sends=("files",))
    def upload_agent(
        self, name: str, directory: str | os.PathLike[str], *, env: dict[str, str] | None = None, model: str | None = None
    ) -> Call[Agent]:
        """Deploys (or redeploys) an agent by uploading a local folder (see ``read_agent_folder`` for what is left out)."""
        files = upload_list(read_agent_folder(directory))
        return Call("POST", "/api/agents", _agent, json=body(name=name, files=files, env=env, model=model))

    @operation("listAgents")
    def list_agents(self) -> Call[list[Agent]]:
        """The tenant's agents."""
        return Call("GET", "/api/agents", models(Agent, "agents"))

    @operation("getAgent")
    def get_agent(self, name: str) -> Call[Agent]:
        """One agent (404 ``agent_not_found``)."""
        return Call("GET", route(_AGENT, name), _agent)

    @operation("deleteAgent")
    def delete_agent(self, name: str) -> Call[None]:
        """Deletes the agent and all its versions; its sessions can no longer resume or fork."""
        return Call("DELETE", route(_AGENT, name), nothing)

    @operation("updateAgent")
    def update_agent(self, name: str, *, env: dict[str, str] | None = None, config: dict[str, JsonValue] | None = None) -> Call[Agent]:
        """Replaces the agent's env (``{}`` clears it) and/or shallow-merges into its config: a new active version."""
        return Call("PATCH", route(_AGENT, name), _agent, json=body(env=env, config=config))

    @operation("getAgentConfig")
    def get_agent_config(self, name: str) -> Call[dict[str, JsonValue]]:
        """The agent's config (its ``ash.json``; ``{}`` when it has none)."""
        return Call("GET", route(_AGENT + "/config", name), member("config", dict))

    @operation("updateAgentConfig", local=("config",))
    def update_agent_config(self, name: str, config: dict[str, JsonValue]) -> Call[dict[str, JsonValue]]:
        """Shallow-merges ``config`` into the agent's ``ash.json`` (a ``None`` value removes the key); returns the result."""
        return Call("PATCH", route(_AGENT + "/config", name), member("config", dict), json=config)

    @operation("listAgentFiles")
    def list_agent_files(self, name: str) -> Call[list[FileEntry]]:
        """The files of the agent's active version."""
        return Call("GET", route(_AGENT + "/files", name), models(FileEntry, "files"))

    @operation("getAgentFile", sends=("format",))
    def get_agent_file(self, name: str, path: str) -> Call[AgentFileContent]:
        """One file of the active version as UTF-8 text (up to 1 MiB)."""
        return Call("GET", route(_FILE, name, path), model(AgentFileContent), query={"format": "json"})

    @operation("getAgentFile", sends=("format",))
    def download_agent_file(self, name: str, path: str) -> Call[bytes]:
        """One file of the active version, its bytes."""
        return Call("GET", route(_FILE, name, path), content, query={"format": "raw"})

    @operation("uploadAgentFiles")
    def upload_agent_files(self, name: str, files: FileContents) -> Call[AgentFilesWritten]:
        """Writes files (1-500) into a new active version, all or nothing."""
        return Call("POST", route(_AGENT + "/files", name), model(AgentFilesWritten), json={"files": upload_list(files)})

    @operation("deleteAgentFile")
    def delete_agent_file(self, name: str, path: str) -> Call[AgentFileDeleted]:
        """Deletes a file, making a new active version without it."""
        return Call("DELETE", route(_FILE, name, path), model(AgentFileDeleted))

    @operation("listAgentVersions")
    def list_agent_versions(self, name: str) -> Call[list[AgentVersion]]:
        """The agent's versions, newest first."""
        return Call("GET", route(_AGENT + "/versions", name), models(AgentVersion, "versions"))

    @operation("createAgentVersion", local=("version_name",), sends=("name",))
    def create_agent_version(
        self,
        name: str,
        *,
        version_name: str | None = None,
        system_prompt: str | None = None,
        release_notes: str | None = None,
        knowledge_files: list[str] | None = None,
        clone_from: int | str | None = None,
    ) -> Call[AgentVersion]:
        """Makes an inactive version with the content of ``clone_from`` (a number or id; else the active version)."""
        fields = body(system_prompt=system_prompt, release_notes=release_notes, knowledge_files=knowledge_files, clone_from=clone_from)
        return Call("POST", route(_AGENT + "/versions", name), _version, json=body(name=version_name) | fields)

    @operation("getAgentVersion")
    def get_agent_version(self, name: str, version: int | str) -> Call[AgentVersion]:
        """One version, by number or id."""
        return Call("GET", route(_VERSION, name, str(version)), _version)

    @operation("updateAgentVersion", local=("version_name",), sends=("name",))
    def update_agent_version(
        self,
        name: str,
        version: int | str,
        *,
        version_name: str | None = None,
        system_prompt: str | None = None,
        release_notes: str | None = None,
        knowledge_files: list[str] | None = None,
    ) -> Call[AgentVersion]:
        """Changes a version's notes (its content never changes)."""
        fields = body(system_prompt=system_prompt, release_notes=release_notes, knowledge_files=knowledge_files)
        return Call("PATCH", route(_VERSION, name, str(version)), _version, json=body(name=version_name) | fields)

    @operation("deleteAgentVersion")
    def delete_agent_version(self, name: str, version: int | str) -> Call[None]:
        """Deletes an inactive version (the active one: 409 ``version_active``)."""
        return Call("DELETE", route(_VERSION, name, str(version)), nothing)

    @operation("activateAgentVersion")
    def activate_agent_version(self, name: str, version: int | str) -> Call[int]:
        """Makes a version the active one (new sessions run it); returns its number."""
        return Call("POST", route(_VERSION + "/activate", name, str(version)), member("versionNumber", int))


_agent = model(Agent, "agent")
_version = model(AgentVersion, "version")
