"""What the published schema (docs/api/openapi.yaml) says of errors, added to every
operation once here rather than on each view: any error answers with the one error body
of minfu.api.errors, whatever its status."""

ERROR_COMPONENT = "Error"
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "description": "Machine-readable, e.g. "
                                                          "`invalid`, `not_found`."},
                "message": {"type": "string", "description": "For people, in the "
                                                             "request's language."},
                "details": {"type": "object", "description": "Field name to messages, "
                                                             "or more about the error."},
            },
            "required": ["code", "message", "details"],
        },
    },
    "required": ["error"],
}


def add_error_responses(result, generator, request, public):
    """A drf-spectacular postprocessing hook: the error body as every operation's
    `default` response, and as the body of the error responses a view describes."""
    result["components"].setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}}
    for operations in result["paths"].values():
        for operation in operations.values():
            responses = operation["responses"]
            for status, response in responses.items():
                if status.startswith("4") and "content" not in response:
                    response["content"] = content
            responses["default"] = {"description": "An error, in the error body.",
                                    "content": content}
    return result
