"""Import AWS SAM and CloudFormation templates as LambdaScope lessons (Qt-free).

`import_template(path, parameters, region, lesson_path)` → ImportResult; errors are
TemplateError (file, line, message) or MissingExtra (the `lambdascope[sam]` packages are not
installed). docs/importing.md says what maps to what.
"""

from app.importers.errors import MissingExtra, TemplateError

__all__ = ["MissingExtra", "TemplateError", "import_template"]


def import_template(*args, **kwargs):
    """See app.importers.template_import.import_template."""
    from app.importers.template_import import import_template as run
    return run(*args, **kwargs)
