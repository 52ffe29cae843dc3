<?xml version="1.0" encoding="UTF-8"?>
<!--
  What every kind's template shares, imported by each one first:
    <xsl:import href="../common.xsl"/>
  A kind's own template rule for the same element wins over the one here
  (import precedence), so a kind changes what it must and no more.

  A kind states, in its own file:
    <xsl:variable name="kind-strings" select="document('')/*/s:strings"/>
  (document('') is the file that says it: the kind's words, one s:strings
  per language). The words used here: 'language' (alternates), 'contents',
  'source', 'photo-credit' (credit), 'image-credit' (a figure's credit),
  'chart-<type>' and 'chart-by' (a chart's text alternative), and those a
  kind gives its document's info.

  Here: the edition's language, the words, the links to the other
  editions, the contents, plain text for the info's attributes,
  paragraphs, lists, inline markup (emphasis, links, line breaks,
  footnotes, cross-references, values, missing translations), images and
  their credits, tables and their charts, figures and their sources.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:folio:format"
                xmlns:s="urn:folio:strings"
                xmlns:exsl="http://exslt.org/common"
                exclude-result-prefixes="f s exsl">

  <!-- the edition's language: localize states it on the root -->
  <xsl:variable name="lang" select="/*/@lang"/>
  <xsl:variable name="strings" select="$kind-strings[@lang = $lang]"/>

  <!-- A word of the kind's s:strings in the edition's language (or in $in);
       a missing one stops the template, naming it. -->
  <xsl:template name="string">
    <xsl:param name="key"/>
    <xsl:param name="in" select="$lang"/>
    <xsl:variable name="s" select="$kind-strings[@lang = $in]/s:s[@key = $key]"/>
    <xsl:if test="not($s)">
      <xsl:message terminate="yes">no string '<xsl:value-of select="$key"/>' for <xsl:value-of select="$in"/></xsl:message>
    </xsl:if>
    <xsl:value-of select="$s"/>
  </xsl:template>

  <!-- The words the writers use (page, table, pdf, skip, missing ...), in
       the info: $words, all the kind's by default. -->
  <xsl:template name="words">
    <xsl:param name="words" select="$strings/s:s"/>
    <xsl:for-each select="$words">
      <word key="{@key}"><xsl:value-of select="."/></word>
    </xsl:for-each>
  </xsl:template>

  <!-- A link to each edition, this one marked self, labelled in its own
       language; the source language's is the default; with the address
       where it is published when the content states one. -->
  <xsl:template name="alternates">
    <xsl:for-each select="/*/edition">
      <alternate lang="{@lang}" href="../{@lang}/index.html">
        <xsl:if test="@lang = $lang"><xsl:attribute name="self">yes</xsl:attribute></xsl:if>
        <xsl:if test="@lang = /*/@source-lang"><xsl:attribute name="default">yes</xsl:attribute></xsl:if>
        <xsl:if test="/*/web/@base-url">
          <xsl:attribute name="url"><xsl:value-of select="concat(/*/web/@base-url, @lang, '/')"/></xsl:attribute>
        </xsl:if>
        <xsl:attribute name="label">
          <xsl:call-template name="string">
            <xsl:with-param name="key" select="'language'"/>
            <xsl:with-param name="in" select="@lang"/>
          </xsl:call-template>
        </xsl:attribute>
      </alternate>
    </xsl:for-each>
  </xsl:template>

  <!-- The contents, titled by the kind's 'contents'; depth: the levels of
       headings listed, when not the writers' default. -->
  <xsl:template name="contents">
    <xsl:param name="depth"/>
    <contents>
      <xsl:if test="$depth"><xsl:attribute name="depth"><xsl:value-of select="$depth"/></xsl:attribute></xsl:if>
      <xsl:attribute name="title">
        <xsl:call-template name="string"><xsl:with-param name="key" select="'contents'"/></xsl:call-template>
      </xsl:attribute>
    </contents>
  </xsl:template>

  <!-- Plain text for an attribute of the info: a draft's stand-in text is
       marked there by its language, "[es] ..." -->
  <xsl:template match="*" mode="plain">
    <xsl:for-each select="missing[1]">[<xsl:value-of select="@lang"/>] </xsl:for-each>
    <xsl:value-of select="normalize-space(.)"/>
  </xsl:template>

  <!-- Blocks -->
  <xsl:template match="p">
    <p src="{f:src(.)}">
      <xsl:if test="@style"><xsl:attribute name="style"><xsl:value-of select="@style"/></xsl:attribute></xsl:if>
      <xsl:apply-templates select="node()"/>
    </p>
  </xsl:template>

  <xsl:template match="list">
    <list src="{f:src(.)}">
      <xsl:if test="@style"><xsl:attribute name="style"><xsl:value-of select="@style"/></xsl:attribute></xsl:if>
      <xsl:apply-templates select="item | list"/>
    </list>
  </xsl:template>
  <xsl:template match="item">
    <item src="{f:src(.)}"><xsl:apply-templates select="node()"/></item>
  </xsl:template>

  <!-- A picture's file, its alternative text and the content line errors
       and warnings about it name. -->
  <xsl:template match="image">
    <image src="{f:src(.)}" href="{@href}" alt="{normalize-space(alt)}"/>
  </xsl:template>

  <!-- "Foto: Ana Ríos"; key: the word before the name. -->
  <xsl:template match="credit">
    <xsl:param name="key" select="'photo-credit'"/>
    <credit>
      <xsl:call-template name="string"><xsl:with-param name="key" select="$key"/></xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:apply-templates select="node()"/>
    </credit>
  </xsl:template>

  <!-- "Fuente: …" -->
  <xsl:template match="source">
    <source>
      <xsl:call-template name="string"><xsl:with-param name="key" select="'source'"/></xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:apply-templates select="node()"/>
    </source>
  </xsl:template>

  <!-- Tables: a numbered table with its caption, head, body, chart and
       source. -->
  <xsl:template match="table">
    <table id="{@id}" src="{f:src(.)}">
      <xsl:if test="@printed"><xsl:attribute name="printed"><xsl:value-of select="@printed"/></xsl:attribute></xsl:if>
      <caption><xsl:apply-templates select="caption/node()"/></caption>
      <xsl:apply-templates select="head | body"/>
      <xsl:apply-templates select="chart"/>
      <xsl:apply-templates select="source"/>
    </table>
  </xsl:template>

  <xsl:template match="head | body">
    <xsl:element name="{local-name()}"><xsl:apply-templates select="row"/></xsl:element>
  </xsl:template>

  <xsl:template match="row">
    <row src="{f:src(.)}">
      <xsl:if test="@role"><xsl:attribute name="role"><xsl:value-of select="@role"/></xsl:attribute></xsl:if>
      <xsl:for-each select="cell">
        <cell>
          <!-- set right: a figure (the data pass wrote its number, n), or
               what the data pass aligned with its column of figures -->
          <xsl:if test="(@n and not(@align)) or @align = 'num'">
            <xsl:attribute name="align">num</xsl:attribute>
          </xsl:if>
          <xsl:if test="@span"><xsl:attribute name="span"><xsl:value-of select="@span"/></xsl:attribute></xsl:if>
          <xsl:apply-templates select="node()"/>
        </cell>
      </xsl:for-each>
    </row>
  </xsl:template>

  <!-- A table's chart: the series are the columns listed, named by the
       head's last row; the categories the body rows that are not totals
       (those listed in rows="…" when it is given). -->
  <xsl:template match="chart">
    <xsl:variable name="table" select=".."/>
    <xsl:variable name="columns" select="concat(normalize-space(@columns), ' ')"/>
    <xsl:variable name="listed" select="concat(' ', normalize-space(@rows), ' ')"/>
    <xsl:variable name="rows" select="$table/body/row[not(@role)][not(current()/@rows) or contains($listed, concat(' ', position(), ' '))]"/>
    <xsl:variable name="series-tree">
      <xsl:call-template name="series">
        <xsl:with-param name="columns" select="$columns"/>
        <xsl:with-param name="header" select="$table/head/row[last()]"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="series" select="exsl:node-set($series-tree)/series"/>
    <chart type="{@type}">
      <xsl:attribute name="alt">
        <xsl:call-template name="string"><xsl:with-param name="key" select="concat('chart-', @type)"/></xsl:call-template>
        <xsl:text>: </xsl:text>
        <xsl:for-each select="$series">
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <xsl:value-of select="@name"/>
        </xsl:for-each>
        <xsl:text> </xsl:text>
        <xsl:call-template name="string"><xsl:with-param name="key" select="'chart-by'"/></xsl:call-template>
        <xsl:text> </xsl:text>
        <xsl:for-each select="$rows">
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <xsl:value-of select="normalize-space(cell[1])"/>
        </xsl:for-each>
        <xsl:text>.</xsl:text>
      </xsl:attribute>
      <xsl:copy-of select="$series"/>
      <xsl:for-each select="$rows">
        <category name="{normalize-space(cell[1])}">
          <xsl:call-template name="values">
            <xsl:with-param name="columns" select="$columns"/>
            <xsl:with-param name="row" select="."/>
          </xsl:call-template>
        </category>
      </xsl:for-each>
    </chart>
  </xsl:template>

  <xsl:template name="series">
    <xsl:param name="columns"/>
    <xsl:param name="header"/>
    <xsl:if test="$columns != ''">
      <series name="{normalize-space($header/cell[position() = number(substring-before($columns, ' '))])}"/>
      <xsl:call-template name="series">
        <xsl:with-param name="columns" select="substring-after($columns, ' ')"/>
        <xsl:with-param name="header" select="$header"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="values">
    <xsl:param name="columns"/>
    <xsl:param name="row"/>
    <xsl:if test="$columns != ''">
      <xsl:variable name="cell" select="$row/cell[position() = number(substring-before($columns, ' '))]"/>
      <v>
        <xsl:if test="$cell/@n"><xsl:attribute name="n"><xsl:value-of select="$cell/@n"/></xsl:attribute></xsl:if>
        <xsl:value-of select="normalize-space($cell)"/>
      </v>
      <xsl:call-template name="values">
        <xsl:with-param name="columns" select="substring-after($columns, ' ')"/>
        <xsl:with-param name="row" select="$row"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- A numbered figure: its image or grid, caption, credit ("Imagen: …")
       and source. -->
  <xsl:template match="figure">
    <figure id="{@id}" src="{f:src(.)}">
      <xsl:if test="@printed"><xsl:attribute name="printed"><xsl:value-of select="@printed"/></xsl:attribute></xsl:if>
      <xsl:apply-templates select="image"/>
      <xsl:if test="grid">
        <grid><xsl:apply-templates select="grid/head | grid/body"/></grid>
      </xsl:if>
      <caption><xsl:apply-templates select="caption/node()"/></caption>
      <xsl:apply-templates select="image/credit">
        <xsl:with-param name="key" select="'image-credit'"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="source"/>
    </figure>
  </xsl:template>

  <!-- Inline -->
  <xsl:template match="em"><i><xsl:apply-templates select="node()"/></i></xsl:template>
  <xsl:template match="strong"><b><xsl:apply-templates select="node()"/></b></xsl:template>
  <xsl:template match="a"><a href="{@href}"><xsl:apply-templates select="node()"/></a></xsl:template>
  <xsl:template match="br"><br/></xsl:template>
  <xsl:template match="note"><note><xsl:apply-templates select="node()"/></note></xsl:template>
  <xsl:template match="ref"><xref target="{@to}"/></xsl:template>
  <xsl:template match="missing"><missing lang="{@lang}"><xsl:apply-templates select="node()"/></missing></xsl:template>
  <!-- a value of the data: the data pass wrote its number (n), decimals
       and whether it is a share -->
  <xsl:template match="value">
    <xsl:choose>
      <xsl:when test="@percent = 'yes'"><xsl:value-of select="f:percent(@n, @decimals)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="f:number(@n, @decimals)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
