<?xml version="1.0" encoding="UTF-8"?>
<!--
  The meeting report template: one edition's content (monolingual, after
  localize and the data pass) to the document tree of templates/document.rng.
  Short and scannable: the theme, the meeting and its date on the cover,
  then every part inline, one after another. Boxes are cards (two to a row
  in print, one on a phone); a framework's topics are numbered 1., 2. ...
  through it, as are numbered boxes. The words the template adds are in
  the s:strings table, one entry per language. Paragraphs, lists, the
  table, inline markup are ../common.xsl's.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:folio:format"
                xmlns:s="urn:folio:strings"
                exclude-result-prefixes="f s">

  <xsl:import href="../common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="kind-strings" select="document('')/*/s:strings"/>
  <xsl:variable name="meeting" select="/meeting-report/front/meeting"/>

  <s:strings lang="es">
    <s:s key="meeting">reunión</s:s>
    <s:s key="page">Página</s:s>
    <s:s key="contents">Contenido</s:s>
    <s:s key="table">Tabla</s:s>
    <s:s key="notes">Notas</s:s>
    <s:s key="pdf">Descargar PDF</s:s>
    <s:s key="skip">Saltar al contenido</s:s>
    <s:s key="missing">Falta la traducción</s:s>
    <s:s key="language">Español</s:s>
  </s:strings>
  <s:strings lang="en">
    <s:s key="meeting">meeting</s:s>
    <s:s key="page">Page</s:s>
    <s:s key="contents">Contents</s:s>
    <s:s key="table">Table</s:s>
    <s:s key="notes">Notes</s:s>
    <s:s key="pdf">Download PDF</s:s>
    <s:s key="skip">Skip to content</s:s>
    <s:s key="missing">Translation missing</s:s>
    <s:s key="language">English</s:s>
  </s:strings>

  <xsl:template match="/meeting-report">
    <xsl:variable name="front" select="front"/>
    <document lang="{$lang}" locale="{@locale}" id="{@id}" kind="meeting-report">
      <info>
        <xsl:attribute name="title"><xsl:apply-templates select="$front/theme" mode="plain"/></xsl:attribute>
        <xsl:attribute name="author"><xsl:apply-templates select="$front/publisher" mode="plain"/></xsl:attribute>
        <xsl:attribute name="subject">
          <xsl:apply-templates select="$front/community" mode="plain"/>
          <xsl:text> · </xsl:text>
          <xsl:call-template name="meeting-line"/>
        </xsl:attribute>
        <xsl:attribute name="keywords"><xsl:apply-templates select="$front/keywords" mode="plain"/></xsl:attribute>
        <xsl:attribute name="short-title"><xsl:apply-templates select="$front/short-title" mode="plain"/></xsl:attribute>
        <xsl:call-template name="words">
          <xsl:with-param name="words" select="$strings/s:s[@key != 'meeting']"/>
        </xsl:call-template>
      </info>
      <xsl:call-template name="alternates"/>
      <cover src="{f:src($front)}">
        <kicker><xsl:apply-templates select="$front/community/node()"/></kicker>
        <title><xsl:apply-templates select="$front/theme/node()"/></title>
        <subtitle><xsl:call-template name="meeting-line"/></subtitle>
        <period><xsl:value-of select="f:months($meeting/@start)"/></period>
        <publisher><xsl:apply-templates select="$front/publisher/node()"/></publisher>
      </cover>
      <xsl:apply-templates select="background | practices | presentation | framework | programmes | resources | institutions"/>
      <backcover src="{f:src($front/website)}">
        <title><xsl:apply-templates select="$front/publisher/node()"/></title>
        <p src="{f:src($front/website)}"><a href="{$front/website/@href}"><xsl:value-of select="$front/website/@href"/></a></p>
      </backcover>
    </document>
  </xsl:template>

  <!-- "3rd meeting", "3.ª reunión": the meeting's number among the
       community's, before the template's noun (feminine in Spanish) -->
  <xsl:template name="meeting-line">
    <xsl:variable name="noun"><xsl:call-template name="string"><xsl:with-param name="key" select="'meeting'"/></xsl:call-template></xsl:variable>
    <xsl:value-of select="concat(f:ordinal($meeting/@number, 'f'), ' ', $noun)"/>
  </xsl:template>

  <!-- Every part follows on the page, its heading and subtitle first. -->
  <xsl:template match="background | practices | presentation | framework | programmes | resources | institutions">
    <section id="{@id}" src="{f:src(.)}" opener="inline">
      <xsl:if test="subtitle"><kicker><xsl:apply-templates select="heading/node()"/></kicker></xsl:if>
      <title>
        <xsl:apply-templates select="subtitle/node()"/>
        <xsl:if test="not(subtitle)"><xsl:apply-templates select="heading/node()"/></xsl:if>
      </title>
      <xsl:apply-templates select="*[not(self::heading or self::subtitle or self::resource)]"/>
      <xsl:if test="resource">
        <list src="{f:src(resource[1])}">
          <xsl:for-each select="resource">
            <item src="{f:src(.)}">
              <xsl:apply-templates select="node()"/>
              <xsl:if test="@href"><br/><a href="{@href}"><xsl:value-of select="@href"/></a></xsl:if>
            </item>
          </xsl:for-each>
        </list>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="h">
    <h level="2" src="{f:src(.)}"><xsl:apply-templates select="node()"/></h>
  </xsl:template>

  <xsl:template match="boxes">
    <cards src="{f:src(.)}">
      <xsl:for-each select="box">
        <card src="{f:src(.)}">
          <title>
            <xsl:if test="../@numbered = 'yes'"><xsl:value-of select="concat(position(), '. ')"/></xsl:if>
            <xsl:apply-templates select="title/node()"/>
          </title>
          <xsl:for-each select="region">
            <p src="{f:src(.)}"><i><xsl:apply-templates select="node()"/></i></p>
          </xsl:for-each>
          <xsl:apply-templates select="p | list"/>
        </card>
      </xsl:for-each>
    </cards>
  </xsl:template>

  <!-- A topic's heading: its number through the part, its title; a
       group's topics one level below the group's title. -->
  <xsl:template match="topic">
    <h level="{2 + count(parent::group)}" src="{f:src(.)}">
      <xsl:value-of select="concat(count(preceding::topic[ancestor::framework = current()/ancestor::framework]) + 1, '. ')"/>
      <xsl:apply-templates select="title/node()"/>
    </h>
    <xsl:apply-templates select="p | list"/>
  </xsl:template>

  <xsl:template match="group">
    <h level="2" src="{f:src(.)}"><xsl:apply-templates select="title/node()"/></h>
    <xsl:for-each select="label">
      <p style="lead" src="{f:src(.)}"><xsl:apply-templates select="node()"/></p>
    </xsl:for-each>
    <xsl:apply-templates select="topic"/>
  </xsl:template>

  <!-- Inline: the meeting's date -->
  <xsl:template match="date"><xsl:value-of select="f:months($meeting/@start)"/></xsl:template>
</xsl:stylesheet>
